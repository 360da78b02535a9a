import { TuneErrorCode } from '../../shared/api/tune-errors'
import { failureMaker } from '../../shared/errors'

/** Failures of the auto-design search, by name of `TuneErrorCode` (the 18xxx block, docs/tune.md). */
export const tuneFailure = failureMaker(TuneErrorCode)
