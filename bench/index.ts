/**
 * `npm run bench [names…]`: runs every benchmark in bench/ (or the named ones) one after another, each in
 * its own process so that one bench's JIT state and memory do not colour the next. Every bench prints its
 * own ratios against a baseline measured in the same run.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const here = import.meta.dirname
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.slice(0, -3))
  .sort()
const wanted = process.argv.slice(2)
const unknown = wanted.filter((w) => !all.includes(w))
if (unknown.length > 0) {
  console.error(`Unknown bench ${unknown.join(', ')}. Available: ${all.join(', ')}`)
  process.exit(2)
}
let failed = 0
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`\n━━ bench/${name}.ts`)
  const result = spawnSync(process.execPath, [join(here, '../bin/run-ts.mjs'), join(here, `${name}.ts`)], {
    stdio: 'inherit',
  })
  if (result.status !== 0) failed++
}
process.exit(failed === 0 ? 0 : 1)
