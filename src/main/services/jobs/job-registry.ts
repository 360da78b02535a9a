import type { JobRegistry } from './job-protocol'

/**
 * The real job kinds. Each entry imports its module only when a job of that kind starts, inside the worker,
 * so that a firmware build does not load TensorFlow.js. Services add their kinds here as they land.
 */
export const JOB_REGISTRY: JobRegistry = {
  train: async () => (await import('../train/train-job')).trainJob,
  evaluate: async () => (await import('../train/train-job')).evaluateJob,
  compress: async () => (await import('../compress/compress-job')).compressJob,
}
