/**
 * The kinds of the training jobs, apart from their code: the service starts jobs by these names, and the
 * worker loads train-job.ts (and with it TensorFlow.js) only when one runs, so the service does not.
 */
export const TRAIN_JOB = 'train'
export const EVALUATE_JOB = 'evaluate'
