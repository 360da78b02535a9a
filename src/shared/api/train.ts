import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { Disposable, Listener } from '../events'
import type { JobInfo } from './jobs'

/**
 * Training errors: the 13xxx block (docs/architecture.md, docs/training.md); 13900–13999 are the fast
 * WebAssembly backend's (docs/training-kernels.md). Every message says what to change.
 */
export const TrainErrorCode = {
  /** The stored design is malformed (a missing field, an unknown setting). */
  InvalidDesign: 13001,
  /** No samples, or none usable for training. */
  NoData: 13002,
  /** A sample has an empty label, or a label the design does not list. */
  BadLabel: 13003,
  /** A class has fewer training windows than training needs. */
  TooFewWindows: 13004,
  /** A class has no sample in the test split. */
  MissingTestClass: 13005,
  /** Samples whose kind, rate or axes differ from the design's input. */
  InputMismatch: 13006,
  /** The window is longer than a sample. */
  WindowTooLong: 13007,
  /** The loss became NaN or infinite. */
  NonFiniteLoss: 13008,
  /** Features with NaN or infinite values. */
  NonFiniteFeatures: 13009,
  /** The model's output does not match the labels (units ≠ label count, not softmax). */
  OutputMismatch: 13010,
  /** No trained model in the project (eval before train). */
  NoModel: 13011,
  /** A stored model is damaged. */
  ModelDamaged: 13012,
  /** A training job is already running for this project. */
  AlreadyTraining: 13013,
  /** A demo project could not be created (missing espeak-ng/sox, folder not empty). */
  DemoFailed: 13014,
  // 13100–13199: classical learners (src/core/classical, docs/classical.md)
  /** The table given to a classical learner is malformed (sizes, labels out of range, NaN or infinite values). */
  ClassicalBadTable: 13101,
  /** The training rows hold a single class: a classifier needs at least two. */
  ClassicalOneClass: 13102,
  /** A classical learner's parameters are not valid (unknown learner, a value out of range). */
  ClassicalBadParams: 13103,
  /** The byte budget cannot be met, even by the smallest model the learner can make. */
  ClassicalBudget: 13104,
  /** A stored classical model is damaged or not of the learner it claims. */
  ClassicalModelDamaged: 13105,
  // 13200–13299: anomaly detection (src/core/anomaly, docs/anomaly.md)
  /** The feature windows given to an anomaly learner are unusable (none, mismatched sizes, NaN). */
  AnomalyBadData: 13201,
  /** An anomaly learner's settings are not valid (unknown learner, a value out of range). */
  AnomalyBadParams: 13202,
  /** A stored anomaly detector is damaged. */
  AnomalyModelDamaged: 13203,
  /** The project has no anomaly detector yet (evaluate before train). */
  AnomalyNoModel: 13204,
  /** No WebAssembly in this runtime: the fast backend cannot run. */
  WasmUnavailable: 13901,
  /** The kernels module does not load (no SIMD). */
  WasmLoadFailed: 13902,
} as const

/** One epoch's figures, as the training log reports them. Accuracies are fractions 0–1. */
export interface EpochMetrics {
  /** 1-based. */
  readonly epoch: number
  readonly loss: number
  readonly accuracy: number
  readonly valLoss?: number
  readonly valAccuracy?: number
  readonly learningRate: number
  readonly seconds: number
}

export interface ClassMetrics {
  readonly label: string
  /** TP / (TP + FP); 0 when nothing was predicted as this class. */
  readonly precision: number
  /** TP / (TP + FN); 0 when the class has no windows. */
  readonly recall: number
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number
  /** Windows whose true class is this one. */
  readonly support: number
}

export interface Misclassified {
  readonly sampleId: string
  readonly window: number
  readonly label: string
  readonly predicted: string
  /** The model's probability for the predicted class. */
  readonly confidence: number
}

export interface Evaluation {
  readonly count: number
  /** Fraction of windows classified correctly, 0–1. */
  readonly accuracy: number
  /** Mean categorical cross-entropy (probabilities clipped to [1e-7, 1 − 1e-7], as Keras). */
  readonly loss: number
  /** confusion[true][predicted] = windows, in label order. */
  readonly confusion: readonly (readonly number[])[]
  readonly perClass: readonly ClassMetrics[]
  /** Windows classified wrongly, the most confident mistakes first. */
  readonly misclassified: readonly Misclassified[]
}

export interface SplitCounts {
  readonly samples: number
  readonly windows: number
  /** Windows per label, in label order (training windows include augmented copies). */
  readonly perLabel: readonly number[]
}

/** What a training run measured; stored as metrics.json next to the model. */
export interface TrainMetrics {
  readonly labels: readonly string[]
  /** Fingerprint of the design the model was trained on (input, features, model, labels). */
  readonly designHash: string
  /** TensorFlow.js backend: `mote-wasm` (our kernels) or `cpu` (stock). */
  readonly backend: string
  readonly epochs: number
  readonly history: readonly EpochMetrics[]
  readonly bestEpoch: number
  readonly stoppedEarly: boolean
  readonly test: Evaluation
  readonly validation?: { readonly loss: number; readonly accuracy: number }
  readonly split: {
    readonly train: SplitCounts
    readonly validation: SplitCounts
    readonly test: SplitCounts
  }
  /** Wall-clock seconds of the whole run and of the fit alone. */
  readonly seconds: number
  readonly fitSeconds: number
}

/** The project's current trained model. */
export interface TrainedModel {
  readonly id: string
  readonly createdAt: string
  /** Folder inside the project: `models/<id>`. */
  readonly path: string
  readonly metrics: TrainMetrics
  /** True when the design changed after training ("Retrain to update"). */
  readonly stale: boolean
  /** Set when the test set was evaluated again (`evaluate`) after training. */
  readonly evaluatedAt?: string
}

export interface TrainStatus {
  /** The running training or evaluation job, if any. */
  readonly job: JobInfo | null
  /** Epochs reported so far by the running (or last) training job. */
  readonly history: readonly EpochMetrics[]
  readonly epochs: number
  readonly model: TrainedModel | null
}

export interface TrainEpochEvent {
  readonly jobId: string
  readonly epochs: number
  readonly metrics: EpochMetrics
}

export type TrainBackendChoice = 'auto' | 'fast' | 'cpu'

export interface TrainStartOptions {
  /** Overrides the design's epoch count for this run. */
  readonly epochs?: number
  /** `auto` (default): our fast kernels when the runtime supports them, else stock tfjs-cpu. */
  readonly backend?: TrainBackendChoice
}

export interface TrainService {
  /** Starts training the stored design as a job; fails at once (13013) when one is already running. */
  start(options: TrainStartOptions): Promise<JobInfo>
  /** Evaluates the current model on the test split again (after the data changed), as a job. */
  evaluate(): Promise<JobInfo>
  status(): Promise<TrainStatus>
  onDidEpoch(listener: Listener<TrainEpochEvent>): Disposable
  /** The status changed: a job started or ended, or a new model was stored. */
  onDidChange(listener: Listener<TrainStatus>): Disposable
}

export const trainStartSchema = z
  .object({
    epochs: z.number().int().min(1).max(2000).optional(),
    backend: z.enum(['auto', 'fast', 'cpu']).optional(),
  })
  .strict()

export const trainContract: ServiceContract<TrainService> = {
  name: 'train',
  methods: {
    start: z.tuple([trainStartSchema]),
    evaluate: z.tuple([]),
    status: z.tuple([]),
  },
  events: ['didEpoch', 'didChange'],
}
