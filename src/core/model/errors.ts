import { ModelErrorCode } from '../../shared/api/design'
import { failureMaker } from '../../shared/errors'

/** Model IR failures by name of `ModelErrorCode` (src/shared/api/design.ts). */
export const modelFailure = failureMaker(ModelErrorCode)
