import { TrainErrorCode } from '../../shared/api/train'
import { failureMaker } from '../../shared/errors'

/** Training failures by name of `TrainErrorCode` (src/shared/api/train.ts). Every message says what to change. */
export const trainFailure = failureMaker(TrainErrorCode)
