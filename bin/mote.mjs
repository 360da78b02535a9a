#!/usr/bin/env node
// The `mote` command. Runs the bundle `npm run build` writes to out/cli (it starts in a fraction of a
// second); when there is none yet, or a source changed since it was built, runs src/cli/main.ts through tsx
// instead, so a fresh clone and an edited checkout work too, only slower (a note says so on a terminal).
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chooseCliEntry } from './cli-entry.mjs'

const args = process.argv.slice(2)
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // package.json's version whichever code would run, so answered before choosing or loading any.
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${version}\n`)
} else {
  const entry = chooseCliEntry(fileURLToPath(new URL('..', import.meta.url)))
  let cli
  if (entry.kind === 'bundle') {
    cli = await import(pathToFileURL(entry.path).href)
  } else {
    if (process.stderr.isTTY) process.stderr.write(`mote: running from source, slower: ${entry.reason}.\n`)
    const { tsImport } = await import('tsx/esm/api')
    cli = await tsImport('../src/cli/main.ts', import.meta.url)
  }
  process.exitCode = await cli.main(process.argv)
}
