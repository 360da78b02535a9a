import { MoteFailure } from '../../../shared/errors'

/**
 * Error codes of post-training quantization: sub-range 14400–14499 of the compression block
 * (docs/architecture.md, docs/compression.md).
 */
export const PtqErrorCode = {
  /** No calibration windows at all. */
  EmptyCalibration: 14401,
  /** The calibration windows do not cover the classes (one class only, or classes missing). */
  UnrepresentativeCalibration: 14402,
  /** The float graph has an op that has no int8 form here (or is already quantized). */
  UnsupportedOp: 14403,
  /** A tensor's calibrated range is zero or not finite, or a weight is not finite. */
  BadRange: 14404,
  /** A calibration input does not fit the model input. */
  BadCalibrationInput: 14405,
  /** An option out of range (percentile, sample count). */
  BadOptions: 14406,
} as const

export function ptqFailure(code: keyof typeof PtqErrorCode, message: string, detail?: string): MoteFailure {
  return new MoteFailure(PtqErrorCode[code], message, detail)
}
