/**
 * The compress methods and what each option is when a request leaves it out, without zod: the contract
 * (compress.ts) builds its schemas from these and re-exports them, and `mote compress --help` quotes them
 * without loading zod (the CLI's command definitions load no package but commander).
 */
export const COMPRESS_METHODS = ['ptq', 'qat', 'prune', 'distill', 'cluster'] as const
export type CompressMethod = (typeof COMPRESS_METHODS)[number]

/** The model presets (core/model/presets.ts, test/core/model/presets.test.ts holds the two lists equal), for help texts and forms. */
export const STUDENT_PRESETS = ['dense-mlp', 'cnn-1d', 'cnn-2d', 'ds-cnn', 'mobilenet'] as const

/**
 * What each option is when a request leaves it out: the service uses these, the form shows them as
 * placeholders, the CLI's help and the default variant names quote them. Magnitude pruning's sparsity
 * is 0 instead when only filters are removed. Fine-tuning epochs and learning rate depend on the method
 * and the design: `FINE_TUNE_DEFAULTS`.
 */
export const COMPRESS_DEFAULTS = {
  calibration: 'minmax',
  percentile: 99.99,
  perChannelDense: false,
  sparsity: 0.5,
  filters: 0,
  temperature: 4,
  alpha: 0.5,
  width: 0.5,
  bits: 4,
} as const

/**
 * Each method's fine-tuning when the request does not set it: `epochs` (0: the design's own count) and the
 * share of the design's learning rate. PTQ does not fine-tune.
 */
export const FINE_TUNE_DEFAULTS: Readonly<
  Record<CompressMethod, { readonly epochs: number; readonly learningRateShare: number }>
> = {
  ptq: { epochs: 0, learningRateShare: 0 },
  qat: { epochs: 10, learningRateShare: 0.1 },
  prune: { epochs: 30, learningRateShare: 0.5 },
  cluster: { epochs: 10, learningRateShare: 0.1 },
  distill: { epochs: 0, learningRateShare: 1 },
}
