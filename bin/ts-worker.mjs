// Starts a worker thread on a TypeScript entry (CLI, serve mode and tests run from source through tsx).
// workerData.entry is the file URL of the .ts module to load.
import { workerData } from 'node:worker_threads'
import { tsImport } from 'tsx/esm/api'

await tsImport(workerData.entry, import.meta.url)
