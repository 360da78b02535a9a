import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { Disposable, Listener } from '../events'
import type { MoteError } from '../errors'
import type { JobInfo } from './jobs'
import { folderPathSchema } from './paths'
import {
  COMPRESS_DEFAULTS,
  COMPRESS_METHODS,
  FINE_TUNE_DEFAULTS,
  STUDENT_PRESETS,
  type CompressMethod,
} from './compress-defaults'

/**
 * The Compress step: each compression run of the current trained model makes a variant stored in the
 * project (`models/variants/<id>/`), measured on the test split on the int8 reference interpreter; one
 * variant is chosen for deployment. docs/compression.md describes the techniques and the figures.
 */
export const compressMethodSchema = z.enum(COMPRESS_METHODS)
export type { CompressMethod }
export { COMPRESS_DEFAULTS, COMPRESS_METHODS, FINE_TUNE_DEFAULTS, STUDENT_PRESETS }
/** A stored variant's method: a compression method, or the float32 baseline measured beside them. */
/** `imported`: a .tflite file brought in from elsewhere (`importTflite`), not made from the project's model. */
export const variantMethodSchema = z.enum(['float', ...compressMethodSchema.options, 'imported'])
export type VariantMethod = z.infer<typeof variantMethodSchema>

/** Every option of every method; each method reads its own and ignores the rest. Defaults in brackets. */
export const compressOptionsSchema = z
  .object({
    /** A name for the variant [the method's name with its main setting]. */
    name: z.string().trim().min(1).max(80).optional(),
    /** Fine-tuning epochs [qat 10, prune 30, cluster 10, distill: the design's]. */
    epochs: z.number().int().min(1).max(500).optional(),
    /** Fine-tuning learning rate [the design's × 0.1 (qat, cluster), × 0.5 (prune), × 1 (distill)]. */
    learningRate: z.number().positive().max(1).optional(),
    /** Activation calibration [minmax]. */
    calibration: z.enum(['minmax', 'percentile']).optional(),
    /** Share of values kept in range by percentile calibration, in % [99.99]. */
    percentile: z.number().gt(50).max(100).optional(),
    /** One weight scale per output neuron of dense layers too [false: per tensor]. */
    perChannelDense: z.boolean().optional(),
    /** Magnitude pruning: final share of zero weights per layer, [0, 1) [0.5 unless `filters` is set]. */
    sparsity: z.number().min(0).max(1).optional(),
    /** Structured pruning: share of filters/neurons removed per layer, [0, 1) [0]. */
    filters: z.number().min(0).max(1).optional(),
    /** Distillation temperature [4]. */
    temperature: z.number().min(1).max(100).optional(),
    /** Distillation weight of the teacher's soft targets [0.5]. */
    alpha: z.number().min(0).max(1).optional(),
    /** Distillation student preset [the teacher's architecture]. */
    studentPreset: z.enum(STUDENT_PRESETS).optional(),
    /** Distillation student width, (0, 1] [0.5]. */
    width: z.number().gt(0).max(1).optional(),
    /** Clustering: bits per weight index before Huffman coding, 1–8 [4]. */
    bits: z.number().int().min(1).max(8).optional(),
    /** Start from this variant's fine-tuned float weights (e.g. cluster a pruned variant) [the trained model]. */
    from: z
      .string()
      .regex(/^v-[a-z0-9-]{1,64}$/)
      .optional(),
  })
  .strict()
export type CompressOptions = z.infer<typeof compressOptionsSchema>

/** The options that are numbers: the form's number inputs and the CLI's numeric flags are these. */
export const NUMERIC_COMPRESS_OPTIONS = [
  'epochs',
  'learningRate',
  'percentile',
  'sparsity',
  'filters',
  'temperature',
  'alpha',
  'width',
  'bits',
] as const satisfies readonly (keyof CompressOptions)[]
export type NumericCompressOption = (typeof NUMERIC_COMPRESS_OPTIONS)[number]

export const compressRequestSchema = z
  .object({
    method: compressMethodSchema,
    options: compressOptionsSchema.default({}),
  })
  .strict()
export type CompressRequest = z.input<typeof compressRequestSchema>

/** What a variant measured. Accuracies are fractions 0–1; sizes in bytes. */
export interface VariantMetrics {
  /** Test accuracy on the int8 reference interpreter (the float32 one for the float baseline). */
  readonly accuracy: number
  /** The float baseline's accuracy on the same test windows, for the change. */
  readonly floatAccuracy: number
  readonly testWindows: number
  /** Weights + biases (MLPerf Tiny's count). */
  readonly params: number
  /** Flash for weights and biases: 4 B each in float32; int8 weights + int32 biases; Huffman blocks + codebooks for clustered layers. */
  readonly weightsFlashBytes: number
  /** The static arena plan's peak for activations (src/core/model/graph-memory.ts). */
  readonly peakActivationBytes: number
  readonly macs: number
  /** Share of zero weights in the prunable layers. */
  readonly sparsity: number
}

export interface Variant {
  readonly id: string
  readonly name: string
  readonly method: VariantMethod
  readonly options: CompressOptions
  /** The trained model it was made from. */
  readonly modelId: string
  readonly createdAt: string
  /** Folder inside the project: models/variants/<id>. */
  readonly path: string
  readonly dtype: 'float32' | 'int8'
  readonly metrics: VariantMetrics
  /** Facts worth a line: layers pruned, calibration windows, Huffman bytes per layer. */
  readonly notes: readonly string[]
  /** Made from another model than the current one: retrain → compress again. */
  readonly stale: boolean
  readonly chosen: boolean
}

export interface CompressStatus {
  /** The running compression job, if any. */
  readonly job: JobInfo | null
  /** The current trained model, or null when there is none. */
  readonly model: { readonly id: string; readonly stale: boolean } | null
  readonly variants: readonly Variant[]
  readonly chosenId: string | null
  /** Why the last job's variant could not be stored (the job itself reports its own failure). */
  readonly error?: MoteError
}

export interface CompressService {
  /** Starts a compression job on the current model; fails at once (14601) when one is running. */
  start(request: CompressRequest): Promise<JobInfo>
  status(): Promise<CompressStatus>
  /** Chooses a variant for deployment (14603 when it does not exist or belongs to an older model). */
  choose(variantId: string): Promise<CompressStatus>
  remove(variantId: string): Promise<CompressStatus>
  /**
   * Adds a .tflite file as an `imported` variant, named `name` or after the file. It is read, checked to
   * run on the reference interpreter and stored as our writer writes it; it is not evaluated (its input need
   * not be the project's features), so its test metrics are 0 windows.
   */
  importTflite(file: TfliteFile, name?: string): Promise<Variant>
  /** Writes variant `variantId`'s .tflite to `path` (a whole path), replacing the file there atomically. */
  exportTflite(variantId: string, path: string): Promise<{ readonly path: string; readonly bytes: number }>
  onDidChange(listener: Listener<CompressStatus>): Disposable
}

/** Larger than any model a microcontroller can hold by far; a bigger file is not a model for Mote. */
export const MAX_TFLITE_BYTES = 64 * 1024 * 1024

/** A .tflite file's name (for the variant's name and notes) and bytes. */
export interface TfliteFile {
  readonly name: string
  readonly bytes: Uint8Array
}

const tfliteFileSchema = z.object({
  name: z.string().min(1).max(4096),
  bytes: z
    .instanceof(Uint8Array)
    .refine(
      (b) => b.length <= MAX_TFLITE_BYTES,
      `a .tflite file can have up to ${MAX_TFLITE_BYTES} bytes (64 MiB)`,
    ),
})

export const variantIdSchema = z.string().regex(/^(v|float)-[a-z0-9-]{1,64}$/, 'not a variant id')

/**
 * Compression errors: the 14xxx block (docs/architecture.md, docs/compression.md), one sub-range per part:
 * 14100–14149 the int8 reference interpreter, 14200–14299 clustering, 14300–14399 pruning, 14400–14499
 * post-training quantization, 14500–14599 fine-tuning (QAT, distillation), 14600–14699 the service.
 */
export const CompressErrorCode = {
  /** The graph breaks an op's preconditions (shapes, missing quantization, dtype mix). */
  InvalidGraph: 14101,
  /** An op/dtype combination the reference interpreter has no kernel for (e.g. an int16 conv). */
  NoReferenceKernel: 14102,
  /** The caller's input does not match the model input (count, dtype or length). */
  BadInput: 14103,
  /** More clusters than a layer has distinct weights. */
  TooManyClusters: 14201,
  /** Weights that are not finite. */
  BadClusterValues: 14202,
  /** Cluster bits outside what the format holds. */
  BadClusterBits: 14203,
  /** A sparsity outside [0, 1), or one that would empty a layer. */
  BadSparsity: 14301,
  BadPruneSchedule: 14302,
  /** A structured-pruning fraction outside [0, 1), or one that would remove a whole layer. */
  BadFilterFraction: 14303,
  /** No layer that structured pruning can thin. */
  NothingToPrune: 14304,
  /** No calibration windows at all. */
  EmptyCalibration: 14401,
  /** The calibration windows do not cover the classes (one class only, or classes missing). */
  UnrepresentativeCalibration: 14402,
  /** The float graph has an op that has no int8 form here (or is already quantized). */
  NotQuantizable: 14403,
  /** A tensor's calibrated range is zero or not finite, or a weight is not finite. */
  BadRange: 14404,
  /** A calibration input does not fit the model input. */
  BadCalibrationInput: 14405,
  /** A quantization option out of range (percentile, sample count). */
  BadQuantizeOptions: 14406,
  /** The graph has an op or a dtype the graph trainer cannot run. */
  UnsupportedGraph: 14501,
  /** A fine-tuning option out of range (epochs, learning rate, temperature, α, width). */
  BadFineTuneOptions: 14502,
  /** The loss became NaN or infinite while fine-tuning. */
  NonFiniteLoss: 14503,
  /** No training windows to fine-tune on. */
  NoFineTuneData: 14504,
  /** A compression is already running. */
  AlreadyRunning: 14601,
  /** No trained model to compress. */
  NoModel: 14602,
  /** No such variant, or one of an older model. */
  NoSuchVariant: 14603,
  /** A stored variant's files are damaged. */
  BadVariantFiles: 14604,
  /** A .tflite file to import cannot be read (missing, a folder, too large), or one to export cannot be written. */
  TfliteFile: 14605,
} as const

export const compressContract: ServiceContract<CompressService> = {
  name: 'compress',
  methods: {
    start: z.tuple([compressRequestSchema]),
    status: z.tuple([]),
    choose: z.tuple([variantIdSchema]),
    remove: z.tuple([variantIdSchema]),
    importTflite: z.tuple([tfliteFileSchema, z.string().trim().min(1).max(80).optional()]),
    exportTflite: z.tuple([variantIdSchema, folderPathSchema('The .tflite file')]),
  },
  events: ['didChange'],
}
