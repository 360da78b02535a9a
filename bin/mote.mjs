#!/usr/bin/env node
// The `mote` command: runs src/cli/main.ts through tsx, so the CLI is the same source as the app's services.
import { tsImport } from 'tsx/esm/api'

const { main } = await tsImport('../src/cli/main.ts', import.meta.url)
process.exitCode = await main(process.argv)
