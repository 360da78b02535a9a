import { z } from 'zod'

/**
 * Training settings as stored in design.json (`training`). Defaults suit the demos: Adam at 0.005, batch
 * 32, 30 epochs, 20 % of the training samples held out for validation, early stopping after 8 epochs
 * without a better validation loss (the best weights are kept).
 */
export const augmentationSchema = z.object({
  /** Augmented versions of every training window per epoch, drawn anew (0 = off). */
  copies: z.number().int().min(0).max(8).default(0),
  /** The copies are drawn again every this many epochs (1 = every epoch; more saves feature time). */
  redrawEpochs: z.number().int().min(1).max(1000).default(1),
  /** Gaussian noise (jitter) with this fraction of each axis's standard deviation in the window. */
  noise: z.number().min(0).max(1).default(0),
  /** Random time shift of up to ± this many milliseconds (frames past the sample repeat its edge). */
  timeShiftMs: z.number().min(0).max(10_000).default(0),
  /** Random gain of up to ± this many decibels, the same for every axis. */
  gainDb: z.number().min(0).max(40).default(0),
  /** Training samples of this label are mixed under other windows as background (audio); '' = off. */
  backgroundLabel: z.string().max(128).default(''),
  /** A WAV file (path relative to the project folder) mixed under windows as background (audio); '' = off. */
  backgroundFile: z.string().max(1024).default(''),
  /** Background gain drawn uniformly from [0, backgroundGain]. */
  backgroundGain: z.number().min(0).max(2).default(0),
  /** Speed perturbation (audio): resampled by a factor in [1 − speed, 1 + speed], moving pitch and tempo together. */
  speed: z.number().min(0).max(0.5).default(0),
  /** Motion: rotation of the first three axes by up to this many degrees about a random axis. */
  rotationDeg: z.number().min(0).max(180).default(0),
  /** Motion: each axis scaled by a factor in [1 − scale, 1 + scale]. */
  scale: z.number().min(0).max(1).default(0),
  /** Motion: smooth time warping, the local speed varying within [1 − timeWarp, 1 + timeWarp]. */
  timeWarp: z.number().min(0).max(0.5).default(0),
  /** SpecAugment on [frames, bins] features: this many time masks, each up to timeMaskFrames wide. */
  timeMasks: z.number().int().min(0).max(8).default(0),
  timeMaskFrames: z.number().int().min(1).max(1000).default(5),
  /** SpecAugment: this many frequency masks, each up to freqMaskBins wide. */
  freqMasks: z.number().int().min(0).max(8).default(0),
  freqMaskBins: z.number().int().min(1).max(1000).default(4),
})
export type Augmentation = z.output<typeof augmentationSchema>

export const trainSettingsSchema = z.object({
  epochs: z.number().int().min(1).max(2000).default(30),
  batchSize: z.number().int().min(1).max(4096).default(32),
  learningRate: z.number().positive().max(10).default(0.005),
  optimizer: z.enum(['adam', 'sgd']).default('adam'),
  /** SGD momentum (ignored by Adam). */
  momentum: z.number().min(0).lt(1).default(0.9),
  /** `cosine`: from the rate down to 10 % of it over the epochs; `step`: × stepFactor every stepEpochs. */
  schedule: z.enum(['constant', 'cosine', 'step']).default('constant'),
  stepEpochs: z.number().int().min(1).default(10),
  stepFactor: z.number().positive().max(1).default(0.5),
  earlyStopping: z
    .object({
      enabled: z.boolean().default(true),
      patience: z.number().int().min(1).max(1000).default(8),
    })
    .prefault({}),
  /** `balanced`: each class weighs N / (K · n_class) in the loss, so rare classes count as much. */
  classWeights: z.enum(['none', 'balanced']).default('none'),
  /** Fraction of the training samples (whole samples, per label) held out for validation. */
  validationFraction: z.number().min(0).max(0.5).default(0.2),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /** Training refuses a class with fewer training windows than this. */
  minWindowsPerClass: z.number().int().min(1).max(100_000).default(10),
  augmentation: augmentationSchema.prefault({}),
})
export type TrainSettings = z.output<typeof trainSettingsSchema>

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = trainSettingsSchema.parse({})

/** The learning rate of epoch `epoch` (0-based) under the schedule. */
export function learningRateAt(settings: TrainSettings, epoch: number): number {
  const base = settings.learningRate
  if (settings.schedule === 'cosine') {
    const t = settings.epochs <= 1 ? 0 : epoch / (settings.epochs - 1)
    return base * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * t)))
  }
  if (settings.schedule === 'step')
    return base * settings.stepFactor ** Math.floor(epoch / settings.stepEpochs)
  return base
}
