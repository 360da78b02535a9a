import { DspErrorCode } from '../../shared/api/design'
import { failureMaker } from '../../shared/errors'

/** DSP / feature failures by name of `DspErrorCode` (src/shared/api/design.ts). */
export const dspFailure = failureMaker(DspErrorCode)
