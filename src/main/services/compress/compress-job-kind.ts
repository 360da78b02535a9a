/**
 * The kind of the compression job, apart from its code: the service starts jobs by this name, and the
 * worker loads compress-job.ts (and with it TensorFlow.js) only when one runs, so the service does not.
 */
export const COMPRESS_JOB = 'compress'
