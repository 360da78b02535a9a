import { JobsErrorCode } from '../../../shared/api/jobs'
import { parentPort, workerData } from 'node:worker_threads'
import { MoteFailure, toMoteError } from '../../../shared/errors'
import type { JobContext } from '../../../shared/api/jobs'
import type { JobRegistry, JobWorkerData, MainToWorker, WorkerToMain } from './job-protocol'

const FLUSH_INTERVAL_MS = 100

/**
 * The inside of a job worker: loads the job's kind, gives it a context whose progress and log calls are
 * batched (so a tight loop reporting every step costs nothing), and reports the outcome. Cancellation
 * arrives as a message and sets the context's token; the main thread terminates the worker if the job
 * ignores it.
 */
export async function runJobWorker(registry: JobRegistry): Promise<void> {
  const port = parentPort
  if (port === null) throw new Error('runJobWorker must run in a worker thread')
  const data = workerData as JobWorkerData
  const controller = new AbortController()
  port.on('message', (message: MainToWorker) => {
    if (message.type === 'cancel') controller.abort()
  })
  const post = (message: WorkerToMain) => port.postMessage(message)
  let pendingLines: string[] = []
  let pendingProgress: { fraction: number; phrase: string } | undefined
  let lastFlush = 0
  const flush = () => {
    if (pendingProgress) post({ type: 'progress', ...pendingProgress })
    if (pendingLines.length > 0) post({ type: 'log', lines: pendingLines })
    pendingProgress = undefined
    pendingLines = []
    lastFlush = Date.now()
  }
  // Flushed on a timer, and also from inside the calls once the interval has passed, so that a job whose
  // loop never yields to the event loop still reports (postMessage does not need the worker's loop).
  const flushIfDue = () => {
    if (Date.now() - lastFlush >= FLUSH_INTERVAL_MS) flush()
  }
  const timer = setInterval(flush, FLUSH_INTERVAL_MS)
  const context: JobContext = {
    progress: (fraction, phrase) => {
      pendingProgress = {
        fraction: Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0)),
        phrase,
      }
      flushIfDue()
    },
    log: (line) => {
      pendingLines.push(line)
      flushIfDue()
    },
    cancellation: controller.signal,
  }
  try {
    const load = registry[data.kind]
    if (load === undefined)
      throw new MoteFailure(JobsErrorCode.UnknownKind, `There is no job kind ${data.kind}.`)
    const kind = await load()
    const result = await kind.run(data.params, context)
    flush()
    post({ type: 'done', result })
  } catch (thrown) {
    flush()
    post({ type: 'failed', error: toMoteError(thrown), cancelled: controller.signal.aborted })
  } finally {
    clearInterval(timer)
    port.close()
  }
}
