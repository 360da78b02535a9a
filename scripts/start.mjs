#!/usr/bin/env node
// `npm start` (electron-vite preview) and `npm run dev` (electron-vite dev). Without Electron's binary
// (see electron-binary.mjs) they print one line that says what works instead of electron-vite's stack trace.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NO_ELECTRON_BINARY, hasElectronBinary } from './electron-binary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const [mode, ...rest] = process.argv.slice(2)
if (mode !== 'dev' && mode !== 'preview') {
  console.error('usage: node scripts/start.mjs dev|preview [electron-vite options…]')
  process.exit(2)
}
if (!hasElectronBinary(root)) {
  console.error(NO_ELECTRON_BINARY)
  process.exit(1)
}
const manifest = createRequire(join(root, 'package.json')).resolve('electron-vite/package.json')
const bin = JSON.parse(readFileSync(manifest, 'utf8')).bin['electron-vite']
const result = spawnSync(process.execPath, [join(dirname(manifest), bin), mode, ...rest], {
  cwd: root,
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
