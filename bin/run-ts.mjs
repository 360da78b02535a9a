#!/usr/bin/env node
// Runs a TypeScript file (benchmarks, scripts) through tsx: node bin/run-ts.mjs bench/index.ts [args…]
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { tsImport } from 'tsx/esm/api'

const file = process.argv[2]
if (!file) {
  console.error('usage: node bin/run-ts.mjs FILE.ts [args…]')
  process.exit(2)
}
process.argv.splice(2, 1)
await tsImport(pathToFileURL(resolve(file)).href, import.meta.url)
