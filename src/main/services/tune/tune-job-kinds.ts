/** The tuner's job kind, apart from its code (the worker loads tune-job.ts, and TensorFlow.js, only when it runs). */
export const TUNE_JOB = 'tune'
