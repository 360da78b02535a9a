import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'

const tsWorker = fileURLToPath(new URL('../../../../bin/ts-worker.mjs', import.meta.url))
const entry = pathToFileURL(fileURLToPath(new URL('./fixtures/worker-entry.ts', import.meta.url))).href

describe('the mote-wasm backend in a worker thread', () => {
  it('loads and computes a convolution and its gradients inside a worker_threads worker', async () => {
    const worker = new Worker(tsWorker, { workerData: { entry } })
    const result = await new Promise<Record<string, unknown>>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    await worker.terminate()
    // y[i,j] = x[i,j] − x[i+1,j+1] = −4 everywhere; d(sum y)/dx and d(sum y)/dw by hand
    expect(result).toEqual({
      backend: 'mote-wasm',
      y: [-4, -4, -4, -4],
      dx: [1, 1, 0, 1, 0, -1, 0, -1, -1],
      dw: [12, 16, 24, 28],
    })
  })
})
