/**
 * The limits of a stored sample (the schemas of the dataset contract) checked by the importers while they
 * read a file, so that what Mote cannot keep is refused with the file and the line, byte or field named —
 * before any values file is written. The limits are read from the schemas' issues, never restated here.
 */
import type { z } from 'zod'
import {
  DatasetErrorCode,
  axesSchema,
  imageSizeSchema,
  importOptionsSchema,
  labelSchema,
  newSampleSchema,
  rateHzSchema,
  sampleLengthSchema,
  sourceSchema,
} from '../../shared/api/dataset'
import type { AxisInfo, ImportOptions, NewSample } from '../../shared/api/dataset'
import { MoteFailure } from '../../shared/errors'
import { importFailure } from './errors'

type Issue = z.core.$ZodIssue

/** "at most 64" / "at least 1" from a size issue; the schema's own message for any other. */
function bound(issue: Issue): string {
  if (issue.code === 'too_big') return `at most ${String(issue.maximum)}`
  if (issue.code === 'too_small') return `${issue.inclusive ? 'at least' : 'above'} ${String(issue.minimum)}`
  return issue.message
}

function firstIssue(schema: z.ZodType, value: unknown): Issue | undefined {
  const parsed = schema.safeParse(value)
  return parsed.success ? undefined : parsed.error.issues[0]
}

/** A name as shown in a message: its first 20 characters, control characters escaped. */
export function shown(text: string, max = 20): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text
  return JSON.stringify(cut).slice(1, -1)
}

/** How a file names its axes in messages: all of them ("the header names 65 value columns"), and one. */
export interface AxisWording {
  readonly all: (count: number) => string
  readonly one: (axis: number) => string
}

export function checkAxes(
  file: string,
  where: string,
  axes: readonly AxisInfo[],
  wording: AxisWording,
): void {
  const issue = firstIssue(axesSchema, axes)
  if (issue === undefined) return
  const [axis, field] = issue.path as [number | undefined, string | undefined]
  if (axis === undefined)
    throw importFailure(file, where, `${wording.all(axes.length)}; a sample has ${bound(issue)} axes`)
  const text = field === 'unit' ? axes[axis]!.unit : axes[axis]!.name
  throw importFailure(
    file,
    where,
    `the ${field ?? 'name'} of ${wording.one(axis)} ("${shown(text)}") has ${text.length} characters; ${bound(issue)}`,
  )
}

/** A sample rate read from a file (`what` says how: "the timestamps give", "the audio is at"). */
export function checkRate(
  file: string,
  where: string | undefined,
  rateHz: number,
  what: string,
  hint = '',
): void {
  const issue = firstIssue(rateHzSchema.positive(), rateHz)
  if (issue === undefined) return
  const limit =
    issue.code === 'too_big' ? `above the ${String(issue.maximum)} Hz a sample may have` : bound(issue)
  throw importFailure(file, where, `${what} ${formatHz(rateHz)} Hz, ${limit}${hint}`)
}

/** The most frames a sample may have, for readers that count rows as they go. */
export const MAX_FRAMES = sampleLengthSchema.maxValue ?? Number.MAX_SAFE_INTEGER

/** Frames (pixels for images) of one sample; `what` describes them ("the audio has"). */
export function checkLength(file: string, where: string | undefined, frames: number, what: string): void {
  const issue = firstIssue(sampleLengthSchema, frames)
  if (issue === undefined) return
  throw importFailure(file, where, `${what} ${frames} frames; a sample has ${bound(issue)}`)
}

export function checkImageSize(file: string, where: string, width: number, height: number): void {
  const issue =
    firstIssue(imageSizeSchema, { width, height }) ?? firstIssue(sampleLengthSchema, width * height)
  if (issue === undefined) return
  const limit =
    issue.code === 'too_small' ? 'an image has at least one pixel' : `a sample has ${bound(issue)} pixels`
  throw importFailure(file, where, `the image is ${width}×${height} pixels; ${limit}`)
}

/**
 * A label from a file (a CSV label column, a file or folder name): trimmed, checked against the contract's
 * label schema. `origin` says where it came from ("the label", "the label from its name").
 */
export function checkLabel(
  file: string,
  where: string | undefined,
  label: string,
  origin: string,
  hint = '',
): string {
  const parsed = labelSchema.safeParse(label)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  if (issue.code === 'too_big')
    throw importFailure(
      file,
      where,
      `${origin} has ${label.trim().length} characters; ${bound(issue)}${hint}`,
    )
  if (issue.code === 'custom')
    throw importFailure(
      file,
      where,
      `${origin} "${shown(label, 40)}" holds a control character; labels are plain text${hint}`,
    )
  throw importFailure(file, where, `${origin} is empty${hint}`)
}

/**
 * Where a sample came from, for people: the path as given, or its end after "…" when it is longer than a
 * source may be (the file name matters most).
 */
export function sourceOf(path: string): string {
  const max = sourceSchema.maxLength ?? path.length
  return path.length <= max ? path : `…${path.slice(path.length - (max - 1))}`
}

/** Rates in messages: whole numbers in full (2000000), others to 6 significant digits. */
export function formatHz(rateHz: number): string {
  return Number.isInteger(rateHz) && rateHz < 1e21 ? String(rateHz) : String(Number(rateHz.toPrecision(6)))
}

const storableSchema = newSampleSchema.omit({ values: true })

/**
 * The last check of a sample read from a file, against the whole contract schema: the readers check each
 * limit where they meet it (with the line or field); this catches anything that escaped them, still as a
 * sentence that names the file, never as a raw schema error.
 */
export function checkStorable(file: string, index: number, sample: Omit<NewSample, 'values'>): void {
  const issue = firstIssue(storableSchema, sample)
  if (issue === undefined) return
  const field = issue.path.map(String).join('.')
  throw importFailure(
    file,
    index > 0 ? `sample ${index + 1}` : undefined,
    `its ${field} is not valid: ${issue.message}`,
  )
}

/**
 * The options of an import, against the contract's schema (the API checks them too; the CLI and the
 * service's own callers come through here). Returns them parsed (the label trimmed).
 */
export function checkImportOptions(options: ImportOptions): ImportOptions {
  const parsed = importOptionsSchema.safeParse(options)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const field = String(issue.path[0] ?? '')
  const fail = (message: string) => new MoteFailure(DatasetErrorCode.ImportFailed, message)
  if (field === 'rateHz') {
    const rate = formatHz(Number(options.rateHz))
    const limit =
      issue.code === 'too_big' ? `above the ${String(issue.maximum)} Hz a sample may have` : 'not above 0 Hz'
    throw fail(`The rate to import at, ${rate} Hz, is ${limit}. Choose another rate.`)
  }
  if (field === 'label') {
    const label = String(options.label)
    const why =
      issue.code === 'custom'
        ? 'holds a control character'
        : issue.code === 'too_big'
          ? `has ${label.trim().length} characters, ${bound(issue)}`
          : 'is empty'
    throw fail(`The label to import with, "${shown(label, 40)}", ${why}. Choose another label.`)
  }
  throw fail(`The import options are not valid: ${field ? `${field}: ` : ''}${issue.message}.`)
}
