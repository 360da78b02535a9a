import { z } from 'zod'
import { powerOfTwoQuantSchema } from '../edgeml/quantise'
import { storedMatrixSchema, type StoredMatrix } from '../edgeml/sparse'
import type { FeatureQuant } from '../quant'

/**
 * ProtoNN (Gupta et al., "ProtoNN: Compressed and Accurate kNN for Resource-scarce Devices", ICML 2017):
 * a sparse projection W (d̂×D) of the input, m prototypes B (d̂×m) in the projected space, each with a label
 * vector (a column of Z, L×m), and an RBF similarity with width γ:
 *
 *     scores(x) = Σ_j Z[:, j] · exp(−γ²·‖W·x − B[:, j]‖²)
 *
 * The stored model acts on the raw features: the standardisation used in training is folded into W (scale)
 * and B (offset), so the evaluators need no per-feature constants in float mode.
 */
export interface ProtoNNModel {
  readonly features: number
  readonly classes: number
  readonly projection: number
  readonly prototypes: number
  /** float32. */
  readonly gamma: number
  /** projection × features. */
  readonly W: StoredMatrix
  /** projection × prototypes, row-major, float32. */
  readonly B: readonly number[]
  /** classes × prototypes. */
  readonly Z: StoredMatrix
  /** The fixed-point input quantiser (edgeml/quantise.ts: power-of-two scales, fitted to the training rows). */
  readonly quant: FeatureQuant
}

export const protoNNModelSchema = z
  .object({
    features: z.number().int().min(1),
    classes: z.number().int().min(2).max(255),
    projection: z.number().int().min(1),
    prototypes: z.number().int().min(1),
    gamma: z.number().positive().finite(),
    W: storedMatrixSchema,
    B: z.array(z.number().finite()),
    Z: storedMatrixSchema,
    quant: powerOfTwoQuantSchema,
  })
  .refine(
    (m) =>
      m.W.rows === m.projection &&
      m.W.cols === m.features &&
      m.B.length === m.projection * m.prototypes &&
      m.Z.rows === m.classes &&
      m.Z.cols === m.prototypes &&
      m.quant.scale.length === m.features,
    "the matrices do not match the model's sizes",
  )

export const protoNNParamsSchema = z.object({
  /** d̂, the projected dimension (at most the feature count). */
  projection: z.number().int().min(1).max(64).default(10),
  /** Prototypes per class (m = this × classes). */
  prototypesPerClass: z.number().int().min(1).max(32).default(2),
  epochs: z.number().int().min(3).max(1000).default(60),
  batchSize: z.number().int().min(1).max(4096).default(32),
  learningRate: z.number().positive().max(1).default(0.02),
  /** Caps on the fraction of non-zero entries of W and Z (1 = dense unless a budget asks for less). */
  densityW: z.number().gt(0).max(1).default(1),
  densityZ: z.number().gt(0).max(1).default(1),
  /** RBF width; omitted: 2.5 / the median distance between projected rows and prototypes (EdgeML's rule). */
  gamma: z.number().positive().optional(),
  /** Flash bytes the model data may take in `budgetNumeric` mode; the sparsity is chosen to fit. */
  budgetBytes: z.number().int().min(16).optional(),
  budgetNumeric: z.enum(['float', 'fixed']).default('fixed'),
})

export type ProtoNNParams = z.infer<typeof protoNNParamsSchema>
