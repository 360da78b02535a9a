import { z } from 'zod'
import { powerOfTwoQuantSchema } from '../edgeml/quantise'
import { storedMatrixSchema, type StoredMatrix } from '../edgeml/sparse'
import type { FeatureQuant } from '../quant'

/**
 * Bonsai (Kumar, Goyal & Varma, "Resource-efficient Machine Learning in 2 KB RAM for the Internet of
 * Things", ICML 2017): a sparse projection ẑ = Z·x + c (d̂ dimensions), then a complete binary tree of the
 * given depth walked from the root: every node k on the path adds Wₖ·ẑ ∘ tanh(Vₖ·ẑ) to the class scores,
 * and an internal node sends the row left when θₖ·ẑ > 0, right otherwise. Node k's children are 2k+1
 * (left) and 2k+2 (right). The paper's predictor sharpness σ is folded into V.
 *
 * The stored model acts on the raw features (the training standardisation folded into Z and c).
 */
export interface BonsaiModel {
  readonly features: number
  readonly classes: number
  readonly projection: number
  readonly depth: number
  /** projection × features. */
  readonly Z: StoredMatrix
  /** projection values, float32. */
  readonly bias: readonly number[]
  /** internal nodes × projection. */
  readonly theta: StoredMatrix
  /** (nodes · classes) × projection: row k·classes + c is node k's predictor for class c. */
  readonly W: StoredMatrix
  readonly V: StoredMatrix
  /** The fixed-point input quantiser (edgeml/quantise.ts: power-of-two scales, fitted to the training rows). */
  readonly quant: FeatureQuant
  /** Largest magnitudes seen on the training rows, for the fixed-point scales. */
  readonly calibration: BonsaiCalibration
}

export interface BonsaiCalibration {
  /** Largest |ẑᵢ|. */
  readonly projectedMaxAbs: number
  /** Largest |(Wₖ·ẑ)_c| and |(Vₖ·ẑ)_c| over the nodes on the rows' paths. */
  readonly wMaxAbs: number
  readonly vMaxAbs: number
}

export function nodeCount(depth: number): number {
  return 2 ** (depth + 1) - 1
}

export function internalCount(depth: number): number {
  return 2 ** depth - 1
}

const calibrationSchema = z.object({
  projectedMaxAbs: z.number().finite().min(0),
  wMaxAbs: z.number().finite().min(0),
  vMaxAbs: z.number().finite().min(0),
})

export const bonsaiModelSchema = z
  .object({
    features: z.number().int().min(1),
    classes: z.number().int().min(2).max(255),
    projection: z.number().int().min(1),
    depth: z.number().int().min(1).max(6),
    Z: storedMatrixSchema,
    bias: z.array(z.number().finite()),
    theta: storedMatrixSchema,
    W: storedMatrixSchema,
    V: storedMatrixSchema,
    quant: powerOfTwoQuantSchema,
    calibration: calibrationSchema,
  })
  .refine((m) => {
    const rows = nodeCount(m.depth) * m.classes
    return (
      m.Z.rows === m.projection &&
      m.Z.cols === m.features &&
      m.bias.length === m.projection &&
      m.theta.rows === internalCount(m.depth) &&
      m.theta.cols === m.projection &&
      [m.W, m.V].every((x) => x.rows === rows && x.cols === m.projection) &&
      m.quant.scale.length === m.features
    )
  }, "the matrices do not match the model's sizes")

export const bonsaiParamsSchema = z.object({
  /** d̂, the projected dimension (at most the feature count). */
  projection: z.number().int().min(1).max(64).default(10),
  /** Tree depth: 2^depth leaves, depth + 1 nodes on every path. */
  depth: z.number().int().min(1).max(4).default(2),
  /** σ of the node predictors' tanh. */
  sigma: z.number().positive().max(100).default(4),
  epochs: z.number().int().min(3).max(1000).default(60),
  batchSize: z.number().int().min(1).max(4096).default(32),
  learningRate: z.number().positive().max(1).default(0.01),
  /** Caps on the fraction of non-zero entries of Z, θ, W and V. */
  densityZ: z.number().gt(0).max(1).default(1),
  densityTheta: z.number().gt(0).max(1).default(1),
  densityW: z.number().gt(0).max(1).default(1),
  densityV: z.number().gt(0).max(1).default(1),
  /** Flash bytes the model data may take in `budgetNumeric` mode; the sparsity is chosen to fit. */
  budgetBytes: z.number().int().min(16).optional(),
  budgetNumeric: z.enum(['float', 'fixed']).default('fixed'),
})

export type BonsaiParams = z.infer<typeof bonsaiParamsSchema>
