import { CodegenErrorCode } from '../../../shared/api/codegen'
import { MoteFailure } from '../../../shared/errors'

/**
 * The failures of turning graph ops into C runtime kernel calls and of generating model code
 * (CodegenErrorCode 15100–15149).
 */
export function unsupportedKernel(opIndex: number, kind: string, dtypes: string): MoteFailure {
  return new MoteFailure(
    CodegenErrorCode.CKernelUnsupported,
    `The C runtime has no ${kind} kernel for ${dtypes} tensors (op ${opIndex}); use int8 or float32 for this op.`,
  )
}

export function parameterOutOfRange(what: string, value: number, range: string): MoteFailure {
  return new MoteFailure(
    CodegenErrorCode.CKernelParameterOutOfRange,
    `The model cannot be compiled to C: ${what} is ${value}, outside ${range}. Re-quantize the model.`,
  )
}

export function doesNotFit(message: string, detail: string): MoteFailure {
  return new MoteFailure(CodegenErrorCode.ModelDoesNotFit, message, detail)
}

export function invalidPrefix(prefix: string): MoteFailure {
  return new MoteFailure(
    CodegenErrorCode.InvalidPrefix,
    `"${prefix}" cannot prefix C symbols: use a lowercase letter, then letters, digits or _ (at most 31).`,
  )
}

export function unusableCodedWeights(name: string, why: string): MoteFailure {
  return new MoteFailure(
    CodegenErrorCode.UnusableCodedWeights,
    `The coded weights of "${name}" cannot be compiled: ${why}. Compress the variant again.`,
  )
}
