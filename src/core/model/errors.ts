import { MoteFailure } from '../../shared/errors'

/** Model IR error codes: block 12xxx (docs/architecture.md). */
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
export type ModelErrorCodeName = keyof typeof ModelErrorCode

export function modelFailure(code: ModelErrorCodeName, message: string, detail?: string): MoteFailure {
  return new MoteFailure(ModelErrorCode[code], message, detail)
}
