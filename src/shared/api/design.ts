import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { Disposable, Listener } from '../events'

/** DSP / feature errors: the 11xxx block (docs/architecture.md, docs/dsp.md). */
export const DspErrorCode = {
  /** A block's parameters do not pass its schema. */
  InvalidParams: 11001,
  /** The sample does not fit the block: wrong kind (series vs image), axis count, or too few frames. */
  InputMismatch: 11002,
  /** A block id that the registry does not know. */
  UnknownBlock: 11003,
  /** Window settings that give no window (longer than the sample) or a window index out of range. */
  WindowOutOfRange: 11004,
  /** Parameters that are valid alone but impossible together with the input (cutoff above Nyquist...). */
  IncompatibleParams: 11005,
} as const

/** Model IR errors: the 12xxx block (docs/architecture.md, docs/models.md). */
export const ModelErrorCode = {
  /** The spec is malformed: a missing field, a non-positive size, a duplicate or unknown layer id. */
  InvalidSpec: 12001,
  /** A layer cannot take the shape it receives (dense on a 2-D input, a kernel larger than its input…). */
  ShapeMismatch: 12002,
  /** The spec trains but cannot be lowered for deployment (batch norm after a nonlinearity…). */
  NotDeployable: 12003,
  /** Weights given to lowering do not fit the spec (missing layer, wrong element count). */
  WeightsMismatch: 12004,
  /** A stored model graph file is damaged or of an unknown version. */
  GraphFileInvalid: 12005,
} as const

/**
 * The Design step: the project's design (design.json: input, feature blocks, model, labels, training
 * settings), the features of one sample window, and the 2-D feature explorer.
 *
 * A design crosses the wire as plain JSON typed `unknown` here: its schema is src/core/train/design.ts
 * (`parseProjectDesign`), which the service applies to every design it receives and the renderer applies
 * to every design it gets back, so neither side trusts the other's shape.
 */

/** What the Design view lists to pick a sample from. */
export interface DesignSample {
  readonly id: string
  readonly label: string
  readonly category: 'training' | 'testing'
  readonly kind: 'timeseries' | 'audio' | 'image'
  readonly rateHz: number
  readonly axes: readonly string[]
  readonly durationMs: number
}

export interface DesignState {
  /** The stored design, or null when the project has none yet. */
  readonly design: unknown
  /** A first design suggested from the samples; null when there are none (or only one label). */
  readonly suggested: unknown
  /** Why there is no suggestion, as a sentence with a fix. */
  readonly suggestionProblem?: string
  readonly samples: readonly DesignSample[]
}

/** One window of one sample, raw and as features, for the Design view's feature preview. */
export interface SampleFeatures {
  readonly sampleId: string
  readonly label: string
  readonly window: number
  readonly windowCount: number
  /** The window's raw values, interleaved by time step (images: the whole image). */
  readonly raw: Float32Array
  readonly axes: readonly string[]
  readonly rateHz: number
  readonly features: Float32Array
  /** Shape of `features` (the model input), and each block's own shape. */
  readonly shape: readonly number[]
  readonly blockShapes: readonly (readonly number[])[]
  /** A name per value for flat blocks (spectral); empty otherwise. */
  readonly featureNames: readonly string[]
}

/** PCA of every window's features onto two components (src/core/dsp/pca.ts), for the feature explorer. */
export interface FeatureExplorer {
  readonly labels: readonly string[]
  /** Per point: x, y, label index, sample id and window. */
  readonly x: Float32Array
  readonly y: Float32Array
  readonly labelIndex: Int32Array
  readonly sampleIds: readonly string[]
  readonly windows: Int32Array
  /** Variance along each component and in total (standardised units): how much of the spread the plot shows. */
  readonly variances: readonly [number, number]
  readonly totalVariance: number
  /** Windows left out to keep the plot quick (every k-th window is kept). */
  readonly skippedWindows: number
}

export interface DesignService {
  get(): Promise<DesignState>
  /** Validates and stores the design; returns it with defaults filled in. */
  save(design: unknown): Promise<unknown>
  /** Removes the stored design, so that the suggestion applies again. */
  reset(): Promise<DesignState>
  /** Features of window `window` of a sample under a (possibly unsaved) design. */
  sampleFeatures(design: unknown, sampleId: string, window: number): Promise<SampleFeatures>
  /** The feature explorer for a (possibly unsaved) design, over at most `maxWindows` windows. */
  explorer(design: unknown, maxWindows: number): Promise<FeatureExplorer>
  /** The stored design changed (saved here, by the CLI, or by a demo). */
  onDidChange(listener: Listener<unknown>): Disposable
}

const designJson = z.unknown().refine((v) => typeof v === 'object' && v !== null, 'a design is an object')

export const designContract: ServiceContract<DesignService> = {
  name: 'design',
  methods: {
    get: z.tuple([]),
    save: z.tuple([designJson]),
    reset: z.tuple([]),
    sampleFeatures: z.tuple([designJson, z.string().min(1).max(128), z.number().int().min(0)]),
    explorer: z.tuple([designJson, z.number().int().min(10).max(20_000)]),
  },
  events: ['didChange'],
}
