import { join } from 'node:path'
import type { z } from 'zod'
import { findJsonError } from '../../../core/util/json-error-position'
import { errnoCode, isNotFound } from '../system/errno'
import type { FileSystem } from '../system/file-system'
import { projectErrors } from './project-errors'

/**
 * Reading the JSON files of a project (mote.json, data/index.json, design.json, …) so that every kind of
 * damage ends in the same sentence — "The project file <file> in <dir> is damaged (<where>)" or "… was saved
 * by a newer Mote Studio" — and never in a raw `SyntaxError`, `ZodError` or `EISDIR`. Nothing here writes.
 */

/** A file's format version, read before its full schema so that a newer file says "newer", not "damaged". */
export interface FileVersion {
  /** The top-level key holding the version number (`schemaVersion`, `version`). */
  readonly key: string
  /** The newest version this build reads. */
  readonly supported: number
}

/**
 * The text of `file` inside `dir` as stored (a byte-order mark included), or `undefined` when it does not exist. A folder, pipe or device where the
 * file should be is damage; any other failure (permissions, a disk that does not answer) says so.
 */
export async function readProjectText(
  fs: FileSystem,
  dir: string,
  file: string,
): Promise<string | undefined> {
  try {
    return await fs.readFile(join(dir, file), 'utf8')
  } catch (error) {
    if (isNotFound(error)) return undefined
    const code = errnoCode(error)
    if (code === 'EISDIR') throw projectErrors.damagedFile(dir, file, 'it is a folder, not a file')
    if (code === 'ENOTREG')
      throw projectErrors.damagedFile(dir, file, 'it is a pipe, device or socket, not a file')
    if (code === 'ENOTDIR')
      throw projectErrors.damagedFile(dir, file, 'a file stands where one of its folders should be')
    throw projectErrors.readFailed(dir, file, error)
  }
}

/** Parses and checks the text of a project file: version first, then the schema. */
export function parseProjectJson<T>(
  dir: string,
  file: string,
  text: string,
  schema: z.ZodType<T>,
  version?: FileVersion,
): T {
  const json = parseJsonText(dir, file, text)
  if (version !== undefined) checkVersion(dir, file, json, version)
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw projectErrors.damagedFile(dir, file, describeIssue(parsed.error))
  return parsed.data
}

export function parseJsonText(dir: string, file: string, text: string): unknown {
  const clean = stripByteOrderMark(text)
  try {
    return JSON.parse(clean)
  } catch {
    throw projectErrors.damagedFile(dir, file, describeJsonError(clean))
  }
}

/** Throws "saved by a newer Mote Studio" when the file's version is a number above what this build reads. */
export function checkVersion(dir: string, file: string, json: unknown, version: FileVersion): void {
  const found =
    typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[version.key] : undefined
  if (typeof found === 'number' && Number.isInteger(found) && found > version.supported)
    throw projectErrors.fileTooNew(dir, file, found, version.supported)
}

/** Windows editors save UTF-8 with a byte-order mark; JSON.parse refuses it, so it is dropped on reading. */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** "not valid JSON at line 3, column 7 (expected a quoted key)", so the user can find the damage. */
export function describeJsonError(text: string): string {
  if (text.trim() === '') return 'the file is empty'
  const position = findJsonError(text)
  if (position === undefined) return 'not valid JSON'
  return `not valid JSON at line ${position.line}, column ${position.column} (${position.reason})`
}

/** The first schema issue as "samples.3.rateHz: Too big: expected number to be <=1000000". */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  const path = issue?.path.map(String).join('.')
  return `${path || 'the top level'}: ${issue?.message ?? 'not what this version expects'}`
}
