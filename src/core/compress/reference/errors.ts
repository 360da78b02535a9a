import { CompressErrorCode } from '../../../shared/api/compress'
import { MoteFailure } from '../../../shared/errors'

/** A failed precondition of op `opIndex`, in a sentence the user can act on. */
export function invalidGraph(opIndex: number, kind: string, problem: string): MoteFailure {
  return new MoteFailure(
    CompressErrorCode.InvalidGraph,
    `The model cannot run: op ${opIndex} (${kind}) ${problem}. Re-import or re-quantize the model.`,
  )
}

export function unsupportedKernel(opIndex: number, kind: string, dtypes: string): MoteFailure {
  return new MoteFailure(
    CompressErrorCode.NoReferenceKernel,
    `The reference interpreter has no ${kind} kernel for ${dtypes} tensors (op ${opIndex}); use int8 or ` +
      'float32 for this op.',
  )
}
