import { TrainErrorCode } from '../../shared/api/train'
import { failureMaker } from '../../shared/errors'

/** Failures of the anomaly learners, by name of `TrainErrorCode` (the 132xx block is theirs). */
export const anomalyFailure = failureMaker(TrainErrorCode)
