import type { SampleMeta } from '../dataset/sample'
import { trainFailure } from './errors'

export interface WindowRef {
  readonly sampleId: string
  readonly window: number
  /** Augmented copy number (0 = the original window). */
  readonly copy: number
}

/** Feature vectors of many windows, row-major `count × featureSize`, with class indices and origins. */
export interface WindowSet {
  readonly count: number
  readonly featureShape: readonly number[]
  readonly featureSize: number
  readonly features: Float32Array
  readonly labels: Int32Array
  readonly refs: readonly WindowRef[]
}

export class SetBuilder {
  private readonly chunks: Float32Array[] = []
  private readonly labels: number[] = []
  readonly refs: WindowRef[] = []
  constructor(private readonly shape: readonly number[]) {}
  push(features: Float32Array, label: number, ref: WindowRef, meta: SampleMeta): void {
    for (let i = 0; i < features.length; i++) {
      if (!Number.isFinite(features[i]!)) {
        throw trainFailure(
          'NonFiniteFeatures',
          `The features of sample ${meta.id} ("${meta.label}", window ${ref.window + 1}) contain NaN or infinite values. Check the sample's values and the feature block's parameters (a log of zero energy, an extreme scale).`,
        )
      }
    }
    this.chunks.push(features)
    this.labels.push(label)
    this.refs.push(ref)
  }
  build(): WindowSet {
    const featureSize = this.shape.reduce((a, b) => a * b, 1)
    const features = new Float32Array(this.chunks.length * featureSize)
    this.chunks.forEach((c, i) => features.set(c, i * featureSize))
    return {
      count: this.chunks.length,
      featureShape: this.shape,
      featureSize,
      features,
      labels: Int32Array.from(this.labels),
      refs: this.refs,
    }
  }
}
