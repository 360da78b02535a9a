/**
 * Training in TensorFlow.js (docs/training.md): the project design, data checks and pipeline, the model
 * builder, the training loop, evaluation, and a whole run. The fast kernels live in ./kernels.
 */
export * from './errors'
export * from './random'
export * from './settings'
export * from './design'
export * from './suggest'
export * from './augment'
export * from './data-checks'
export * from './data-pipeline'
export * from './evaluate'
export * from './epoch-line'
export * from './diagnose'
export * from './trainer'
export * from './tf-model'
export * from './tf-files'
export * from './tf-util'
export * from './train-run'
