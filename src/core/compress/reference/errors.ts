import { MoteFailure } from '../../../shared/errors'

/**
 * Error codes of the reference interpreter, in the compression block (14xxx, docs/architecture.md),
 * sub-range 14100–14149 so that other compression modules can number theirs without clashing.
 */
export const ReferenceErrorCode = {
  /** The graph breaks an op's preconditions (shapes, missing quantization, dtype mix). */
  InvalidGraph: 14101,
  /** An op/dtype combination the interpreter has no kernel for (e.g. an int16 conv). */
  UnsupportedOp: 14102,
  /** The caller's input does not match the model input (count, dtype or length). */
  BadInput: 14103,
} as const

/** A failed precondition of op `opIndex`, in a sentence the user can act on. */
export function invalidGraph(opIndex: number, kind: string, problem: string): MoteFailure {
  return new MoteFailure(
    ReferenceErrorCode.InvalidGraph,
    `The model cannot run: op ${opIndex} (${kind}) ${problem}. Re-import or re-quantize the model.`,
  )
}

export function unsupportedKernel(opIndex: number, kind: string, dtypes: string): MoteFailure {
  return new MoteFailure(
    ReferenceErrorCode.UnsupportedOp,
    `The reference interpreter has no ${kind} kernel for ${dtypes} tensors (op ${opIndex}); use int8 or ` +
      'float32 for this op.',
  )
}
