import type { SampleMeta } from '../dataset/sample'
import { computeFeatures, sampleWindowCount, windowLayout } from '../dsp'
import { augmentWindow, maskFeatures, type Background } from './augment'
import { featureShapeOf, sampleDspMeta, type ProjectDesign } from './design'
import { SetBuilder, type WindowSet } from './window-set'
import { createRng, hashSeed, hashString } from './random'

/** A training sample kept in memory so that its windows can be augmented again at every draw. */
export interface TrainingSample {
  readonly meta: SampleMeta
  readonly values: Float32Array
  readonly label: number
}

/**
 * The augmented copies of the training windows, drawn anew for every draw d = ⌊epoch / redrawEpochs⌋:
 * `copies` versions of every window of every training sample (augment.ts on the raw window, then the
 * feature block, then SpecAugment's masks on [frames, bins] features). The draw of one sample depends only
 * on (seed, sample id, d) — not on the sample order or on other samples — so the same seed gives the same
 * run. Validation and test windows are never augmented; labels are copied from the sample, unchanged.
 * Images are not augmented (their samples are not kept).
 */
export class AugmentedCopies {
  private last: { draw: number; set: WindowSet } | undefined
  private readonly shape: readonly number[]

  constructor(
    private readonly design: ProjectDesign,
    private readonly samples: readonly TrainingSample[],
    private readonly backgrounds: readonly Background[],
  ) {
    this.shape = featureShapeOf(design)
  }

  /** Which draw an epoch (0-based) trains on. */
  drawOf(epoch: number): number {
    return Math.floor(epoch / this.design.training.augmentation.redrawEpochs)
  }

  /** The copies of draw `draw` (the last one is kept, so epochs that share a draw compute it once). */
  copies(draw: number): WindowSet {
    if (this.last?.draw === draw) return this.last.set
    const builder = new SetBuilder(this.shape)
    for (const sample of this.samples) this.addCopies(sample, draw, builder)
    this.last = { draw, set: builder.build() }
    return this.last.set
  }

  private addCopies(sample: TrainingSample, draw: number, builder: SetBuilder): void {
    const { design } = this
    const { meta, values } = sample
    const aug = design.training.augmentation
    const dspMeta = sampleDspMeta(meta)
    const rng = createRng(hashSeed(hashSeed(design.training.seed, hashString(meta.id)), draw + 1))
    const layout = windowLayout(design.features.window, meta.rateHz)
    const count = sampleWindowCount(values.length, dspMeta, design.features)
    for (let w = 0; w < count; w++) {
      for (let c = 1; c <= aug.copies; c++) {
        const window = augmentWindow(
          values,
          meta.axes.length,
          w * layout.strideFrames,
          layout.windowFrames,
          meta.rateHz,
          aug,
          rng,
          this.backgrounds,
        )
        const features = maskFeatures(
          computeFeatures(window, dspMeta, design.features, 0),
          this.shape,
          aug,
          rng,
        )
        builder.push(features, sample.label, { sampleId: meta.id, window: w, copy: c }, meta)
      }
    }
  }
}

/** The training windows followed by `extra` windows, as one set (for an epoch's original + copies). */
export function concatSets(a: WindowSet, b: WindowSet): WindowSet {
  if (b.count === 0) return a
  const features = new Float32Array(a.features.length + b.features.length)
  features.set(a.features)
  features.set(b.features, a.features.length)
  const labels = new Int32Array(a.count + b.count)
  labels.set(a.labels)
  labels.set(b.labels, a.count)
  return { ...a, count: a.count + b.count, features, labels, refs: [...a.refs, ...b.refs] }
}
