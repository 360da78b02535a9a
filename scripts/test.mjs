#!/usr/bin/env node
// `npm test`: the whole suite, in the order that fails fastest: lint and format, type checks, the build
// (the end-to-end tests use it), then the test tiers one after another so they do not fight for 2 cores.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const stages = [
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['build', 'npx', ['electron-vite', 'build']],
  ['unit', 'npx', ['vitest', 'run', '--project', 'unit', '--project', 'renderer']],
  ['slow', 'npx', ['vitest', 'run', '--project', 'slow', '--passWithNoTests']],
  ['e2e', 'npx', ['vitest', 'run', '--project', 'e2e']],
  ['hil', 'npx', ['vitest', 'run', '--project', 'hil', '--passWithNoTests']],
]

const only = process.argv.slice(2)
const times = []
const started = Date.now()
for (const [name, command, args] of stages) {
  if (only.length && !only.includes(name)) continue
  console.log(`\n━━ ${name}: ${command} ${args.join(' ')}`)
  const t0 = Date.now()
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  times.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed. Stage times: ${times.join(', ')}`)
    process.exit(result.status ?? 1)
  }
}
console.log(`\n✓ all stages passed in ${((Date.now() - started) / 1000).toFixed(0)} s (${times.join(', ')})`)
