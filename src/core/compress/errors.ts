import { CompressErrorCode } from '../../shared/api/compress'
import { failureMaker } from '../../shared/errors'

/** Compression failures by name of `CompressErrorCode` (src/shared/api/compress.ts). */
export const compressFailure = failureMaker(CompressErrorCode)
