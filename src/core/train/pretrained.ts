import { z } from 'zod'
import type { FeatureDesign } from '../dsp'
import { parseFeatureDesign } from '../dsp'
import type { ModelSpec } from '../model'

/**
 * The pretrained models a design can start from: the MLPerf Tiny reference models that the studio ships
 * (resources/models/mlperf-tiny, Apache-2.0, NOTICE beside them). Pure data: the .tflite bytes are read by
 * the caller (a job in the main process, a test, a benchmark) and cut into a backbone by src/core/transfer.
 *
 * A design with `pretrained: { model }` keeps the backbone frozen: its features are the backbone's own
 * input (the feature block reproduces the preprocessing it was trained with), and its `model` is the new
 * head, which reads the backbone's pooled embedding.
 */
export const PRETRAINED_IDS = ['mlperf-kws', 'mlperf-vww'] as const
export type PretrainedId = (typeof PRETRAINED_IDS)[number]

export const pretrainedChoiceSchema = z.object({ model: z.enum(PRETRAINED_IDS) })
export type PretrainedChoice = z.output<typeof pretrainedChoiceSchema>

export interface PretrainedModel {
  readonly id: PretrainedId
  readonly title: string
  /** The file in resources/models/mlperf-tiny. */
  readonly file: string
  readonly trainedOn: string
  readonly licence: string
  readonly source: string
  /** The input kind and rate it fits (images: any size, the block resizes). */
  readonly input: { readonly kind: 'audio'; readonly rateHz: number } | { readonly kind: 'image' }
  /** The features it reads, and their shape (without the batch). */
  readonly features: FeatureDesign
  readonly featureShape: readonly number[]
  /** Length of the pooled embedding the head reads. */
  readonly embeddingSize: number
  /** Its own output classes, in order (for checks that the features are the ones it was trained on). */
  readonly labels: readonly string[]
}

const SOURCE = 'MLPerf Tiny reference model (mlcommons/tiny), unmodified'

export const PRETRAINED_MODELS: Readonly<Record<PretrainedId, PretrainedModel>> = {
  'mlperf-kws': {
    id: 'mlperf-kws',
    title: 'Keyword spotting DS-CNN (MLPerf Tiny)',
    file: 'kws_ref_model.tflite',
    trainedOn: 'Speech Commands v2: 1 s clips of 35 English words spoken by thousands of people, 16 kHz',
    licence: 'Apache-2.0',
    source: SOURCE,
    input: { kind: 'audio', rateHz: 16_000 },
    features: parseFeatureDesign({
      window: { lengthMs: 1000, strideMs: 500 },
      blocks: [{ block: 'kws-mfcc', params: {} }],
    }),
    featureShape: [49, 10],
    embeddingSize: 64,
    labels: ['down', 'go', 'left', 'no', 'off', 'on', 'right', 'stop', 'up', 'yes', 'silence', 'unknown'],
  },
  'mlperf-vww': {
    id: 'mlperf-vww',
    title: 'Visual wake words MobileNet v1 0.25 (MLPerf Tiny)',
    file: 'vww_96_int8.tflite',
    trainedOn: 'COCO 2014 images labelled "person" or "no person" (Visual Wake Words), 96 × 96 RGB',
    licence: 'Apache-2.0',
    source: SOURCE,
    input: { kind: 'image' },
    features: parseFeatureDesign({
      blocks: [
        {
          block: 'image',
          params: { width: 96, height: 96, colorMode: 'rgb', normalize: 'zeroToOne', resizeMode: 'squash' },
        },
      ],
    }),
    featureShape: [96, 96, 3],
    embeddingSize: 256,
    labels: ['no person', 'person'],
  },
}

/** The pretrained models whose input fits samples of this kind, rate and axis count. */
export function pretrainedFor(input: {
  readonly kind: string
  readonly rateHz: number
  readonly axes: readonly string[]
}): PretrainedModel[] {
  return Object.values(PRETRAINED_MODELS).filter((m) =>
    m.input.kind === 'audio'
      ? input.kind === 'audio' && input.rateHz === m.input.rateHz && input.axes.length === 1
      : input.kind === 'image' && input.axes.length >= 3,
  )
}

/**
 * A head for `classes` labels on the embedding: a 64-unit ReLU layer, dropout, a dense softmax layer. On the
 * 8-word, 30-clips-per-word set of bench/little-data it reached 75.0 % where a single softmax layer
 * (logistic regression on the pooled features) reached 66.7–68.3 %.
 */
export function pretrainedHead(model: PretrainedModel, classes: number, dropout = 0.25): ModelSpec {
  return {
    inputShape: [model.embeddingSize],
    layers: [
      { id: 'head_hidden', type: 'dense', units: 64, activation: 'relu' },
      { id: 'head_dropout', type: 'dropout', rate: dropout },
      { id: 'head_dense', type: 'dense', units: classes, activation: 'softmax' },
    ],
  }
}
