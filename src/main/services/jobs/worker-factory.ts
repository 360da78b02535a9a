import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { WorkerFactory } from './jobs-service'

/** Workers on the bundled entry (the Electron app: out/main/job-worker.js). */
export function bundledWorkerFactory(entryPath: string): WorkerFactory {
  return (data) => new Worker(entryPath, { workerData: data })
}

/**
 * Workers on a TypeScript entry, through tsx (the CLI, serve mode and tests run from source). `bootstrap`
 * is bin/ts-worker.mjs, which loads `entryPath` with tsx's `tsImport`.
 */
export function tsWorkerFactory(entryPath: string, bootstrapPath: string): WorkerFactory {
  const entry = pathToFileURL(entryPath).href
  return (data) => new Worker(bootstrapPath, { workerData: { ...data, entry } })
}
