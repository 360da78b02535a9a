import { DatasetErrorCode } from '../../shared/api/dataset'
import { MoteFailure } from '../../shared/errors'

export type DatasetErrorName = keyof typeof DatasetErrorCode

export function datasetFailure(code: DatasetErrorName, message: string, detail?: string): MoteFailure {
  return new MoteFailure(DatasetErrorCode[code], message, detail)
}

/**
 * A file that does not parse: the message names the file and where (`line 12`, `byte 44`, `payload.values[3]`)
 * so that the person can open it and fix it.
 */
export function importFailure(file: string, where: string | undefined, reason: string): MoteFailure {
  const at = where === undefined ? '' : `, ${where}`
  return new MoteFailure(
    DatasetErrorCode.ImportFailed,
    `${file}${at}: ${reason}. Fix the file or leave it out.`,
  )
}

/**
 * A file that is not sample data at all (a README, a table of file names, a photo library's index): an import
 * skips and lists it rather than stopping, unless asked to be strict. The message says why it was judged so.
 */
export function notSampleData(file: string, where: string | undefined, reason: string): MoteFailure {
  const at = where === undefined ? '' : `, ${where}`
  return new MoteFailure(DatasetErrorCode.UnsupportedFile, `${file}${at}: not sample data (${reason})`)
}
