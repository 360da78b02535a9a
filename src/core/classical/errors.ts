import { TrainErrorCode } from '../../shared/api/train'
import { failureMaker } from '../../shared/errors'

/** Failures of the classical learners, by name of `TrainErrorCode` (the 131xx block is theirs). */
export const classicalFailure = failureMaker(TrainErrorCode)
