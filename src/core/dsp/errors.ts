import { MoteFailure } from '../../shared/errors'

/** DSP / feature error codes: block 11xxx (docs/architecture.md). */
export const DspErrorCode = {
  /** A block's parameters do not pass its schema. */
  InvalidParams: 11001,
  /** The sample does not fit the block: wrong kind (series vs image), axis count, or too few frames. */
  InputMismatch: 11002,
  /** A block id that the registry does not know. */
  UnknownBlock: 11003,
  /** Window settings that give no window (longer than the sample) or a window index out of range. */
  WindowOutOfRange: 11004,
  /** Parameters that are valid alone but impossible together with the input (cutoff above Nyquist...). */
  IncompatibleParams: 11005,
} as const
export type DspErrorCodeName = keyof typeof DspErrorCode

export function dspFailure(code: DspErrorCodeName, message: string, detail?: string): MoteFailure {
  return new MoteFailure(DspErrorCode[code], message, detail)
}
