import { MoteFailure } from '../../../shared/errors'

/**
 * Error codes of fine-tuning based compression (QAT, distillation, the shared graph trainer): sub-range
 * 14500–14599 of the compression block (docs/compression.md).
 */
export const FineTuneErrorCode = {
  /** The graph has an op or a dtype the graph trainer cannot run. */
  UnsupportedGraph: 14501,
  /** An option out of range (epochs, learning rate, temperature, α, width). */
  BadOptions: 14502,
  /** The loss became NaN or infinite while fine-tuning. */
  NonFiniteLoss: 14503,
  /** No training windows to fine-tune on. */
  NoData: 14504,
} as const

export function fineTuneFailure(
  code: keyof typeof FineTuneErrorCode,
  message: string,
  detail?: string,
): MoteFailure {
  return new MoteFailure(FineTuneErrorCode[code], message, detail)
}
