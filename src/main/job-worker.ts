import type { JobRegistry } from './services/jobs/job-protocol'
import { runJobWorker } from './services/jobs/worker-runtime'

/**
 * The job worker's entry point: bundled by electron-vite as out/main/job-worker.js, run through tsx
 * elsewhere. It lives beside the composition root, not in services/jobs/, because it names the services'
 * job kinds: the jobs service runs kinds without knowing them, so jobs/ imports neither train/ nor compress/.
 *
 * Each entry imports its module only when a job of that kind starts, inside the worker, so that a firmware
 * build does not load TensorFlow.js. Services add their kinds here as they land.
 */
const JOB_REGISTRY: JobRegistry = {
  train: async () => (await import('./services/train/train-job')).trainJob,
  evaluate: async () => (await import('./services/train/train-job')).evaluateJob,
  compress: async () => (await import('./services/compress/compress-job')).compressJob,
  tune: async () => (await import('./services/tune/tune-job')).tuneJob,
}

void runJobWorker(JOB_REGISTRY)
