import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import { folderPathSchema } from './paths'
import type { Disposable, Listener } from '../events'

/**
 * A sample: one recording with one label. Values are stored interleaved by time step —
 * `[t0·axis0, t0·axis1, …, t1·axis0, …]` — as float32, for every kind of sample:
 * - `timeseries`: sensor axes at `rateHz` (an accelerometer: 3 axes),
 * - `audio`: one axis at `rateHz` (16 kHz for keyword spotting), values in [−1, 1] on the 16-bit grid
 *   (every value is k/32768 for an integer k, so WAV and Edge Impulse JSON round trips are exact),
 * - `image`: `length = width·height` "time steps" of `channels` axes (R, G, B or gray), values 0–255,
 *   row-major from the top-left pixel; `rateHz` is 0.
 * The types live here, in the contract, because they cross processes; src/core/dataset/sample.ts
 * re-exports them with the helpers that work on them.
 */
export type SampleKind = 'timeseries' | 'audio' | 'image'
export type Category = 'training' | 'testing'

export interface AxisInfo {
  readonly name: string
  /** "m/s²", "raw", "" when unknown. */
  readonly unit: string
}

export interface SampleMeta {
  /** Stable id, also the file name under data/samples/. */
  readonly id: string
  readonly kind: SampleKind
  readonly label: string
  readonly category: Category
  /** Samples per second per axis; 0 for images. */
  readonly rateHz: number
  readonly axes: readonly AxisInfo[]
  /** Time steps (frames); for images width·height. */
  readonly length: number
  readonly image?: { readonly width: number; readonly height: number }
  /** Where it came from, for people: "Arduino Uno 85735313… on /dev/ttyACM0", "walk-3.csv", "gestures demo". */
  readonly source: string
  readonly createdAt: string
  /** Set when the recording ended early (board unplugged); the values that arrived are kept. */
  readonly truncated?: boolean
}

/**
 * How a sample differs from the design's input: what training would refuse. Axis names are compared in
 * order; the rate only for time series and audio. A sample that fits has no mismatch (null, not {}).
 */
export interface DesignMismatch {
  readonly kind?: { readonly sample: SampleKind; readonly design: SampleKind }
  readonly rateHz?: { readonly sample: number; readonly design: number }
  readonly axes?: { readonly sample: readonly string[]; readonly design: readonly string[] }
}

export interface SampleMismatch {
  readonly id: string
  readonly mismatch: DesignMismatch
}

export interface Sample {
  readonly meta: SampleMeta
  /** `meta.length · meta.axes.length` values, interleaved by time step. Owned by the sample. */
  readonly values: Float32Array
}

/** Dataset service errors: the 10xxx block (docs/architecture.md). */
export const DatasetErrorCode = {
  /** A file did not parse; the message names the file and the line (or byte offset, or JSON path). */
  ImportFailed: 10001,
  /** A file whose extension or content no importer knows. */
  UnsupportedFile: 10002,
  SampleNotFound: 10003,
  /** A crop outside the sample, a window longer than the sample, an empty label. */
  InvalidEdit: 10004,
  NothingToUndo: 10005,
  ExportFailed: 10006,
  /** A sample sent to `add` whose values do not match its shape. */
  InvalidSample: 10007,
  /**
   * Numbered files in label folders (`wave/wave_001.csv`) would each get their own label from their names:
   * the import stops and suggests labels from folders (`labelFrom: 'folder'`), unless `labelFrom` is given.
   */
  LabelsFromFolders: 10008,
  /** A table import names a label column (`labelColumn`) that the file's first line does not have. */
  LabelColumnMissing: 10009,
  /** A table's label column holds one class only (with none other in the project): likely the wrong column. */
  OneClass: 10010,
} as const

export interface LabelCounts {
  readonly label: string
  readonly training: number
  readonly testing: number
  /** Sum of the samples' durations (0 for images). */
  readonly durationMs: number
}

export interface DatasetCounts {
  /** Sorted by label. */
  readonly labels: readonly LabelCounts[]
  readonly training: number
  readonly testing: number
  readonly total: number
}

export type UndoAction =
  | 'add'
  | 'relabel'
  | 'move'
  | 'remove'
  | 'crop'
  | 'split'
  | 'rebalance'
  | 'import'
  | 'rename-axes'
  | 'resample'

/** The change that `undo()` would revert, for the "Undo delete of 3 samples" button. */
export interface UndoEntry {
  readonly id: number
  readonly action: UndoAction
  /** How many samples the change touched. */
  readonly count: number
}

export interface DatasetChange {
  /** The whole list after the change. */
  readonly samples: readonly SampleMeta[]
  readonly undo: UndoEntry | null
  /** Ids added by this change (a capture, an import, a split), so views can highlight them. */
  readonly added: readonly string[]
}

/**
 * A small picture of a sample for thumbnails: per axis, the min and max of the values in each of `columns`
 * equal slices of the sample (a min/max envelope, so that a spike between pixels still shows).
 * `min` and `max` are axis-major: `[axis · columns + column]`.
 */
export interface SampleOverview {
  readonly id: string
  readonly columns: number
  readonly min: Float32Array
  readonly max: Float32Array
}

/** A sample made in the renderer (microphone, camera) or by a client; the service gives it an id. */
export interface NewSample {
  readonly kind: SampleKind
  readonly label: string
  /** Omitted: the stratified 80/20 rule picks it. */
  readonly category?: Category
  readonly rateHz: number
  readonly axes: readonly AxisInfo[]
  readonly length: number
  readonly image?: { readonly width: number; readonly height: number }
  readonly source: string
  readonly values: Float32Array
  /** The recording ended early (board unplugged); what arrived is kept. */
  readonly truncated?: boolean
}

/** One file handed to `importFiles`: its path relative to what the user picked (folders give labels). */
export interface ImportFile {
  readonly name: string
  readonly bytes: Uint8Array
}

export interface ImportOptions {
  /**
   * `name`: the label is the file name up to its first dot (`idle.3.csv` → idle); `folder`: its folder.
   * Omitted: by name, but numbered files in label folders stop the import with a suggestion (LabelsFromFolders).
   */
  readonly labelFrom?: 'name' | 'folder'
  /** One label for every file, overriding `labelFrom`. */
  readonly label?: string
  /** Resample WAV audio to this rate; for CSV without a timestamp column, the rate of the rows. */
  readonly rateHz?: number
  /** `auto` (default): a `training`/`testing` folder in the path decides, else the 80/20 rule. */
  readonly category?: Category | 'auto'
  /** Import the files that parse and report the others; by default one broken file stops the import. */
  readonly skipBroken?: boolean
  /**
   * Stop the import on a file that is not sample data (a README, a table of file names); by default such
   * files are skipped and listed in the report.
   */
  readonly strict?: boolean
  /**
   * Read CSV files as tables, one sample per row: this column (a header name, or a position counting from
   * 1) is the label, every other column a feature (src/core/dataset/formats/table.ts).
   */
  readonly labelColumn?: string | number
}

export interface ImportReport {
  readonly added: readonly SampleMeta[]
  readonly files: readonly { readonly name: string; readonly samples: number }[]
  /** Files that are sample data but could not be read (only with `skipBroken`; else the import fails). */
  readonly failed: readonly { readonly name: string; readonly message: string }[]
  /** Files that are not sample data, left out: each with the reason. */
  readonly skipped: readonly { readonly name: string; readonly message: string }[]
}

export type ExportFormat = 'csv' | 'ei-json'

export interface ExportReport {
  readonly dir: string
  readonly files: number
  readonly samples: number
}

export interface DatasetService {
  list(): Promise<readonly SampleMeta[]>
  counts(): Promise<DatasetCounts>
  read(id: string): Promise<Sample>
  overview(ids: readonly string[], columns: number): Promise<readonly SampleOverview[]>
  add(samples: readonly NewSample[]): Promise<readonly SampleMeta[]>
  relabel(ids: readonly string[], label: string): Promise<void>
  move(ids: readonly string[], category: Category): Promise<void>
  remove(ids: readonly string[]): Promise<void>
  /** Keeps frames `[startFrame, endFrame)` of one sample. */
  crop(id: string, startFrame: number, endFrame: number): Promise<SampleMeta>
  /** Cuts a sample into windows of `windowMs` every `strideMs` (default: back to back); the tail is dropped. */
  split(id: string, windowMs: number, strideMs?: number): Promise<readonly SampleMeta[]>
  /** Renames the axes of these samples, in order (each must have `names.length` axes). Undoable. */
  renameAxes(ids: readonly string[], names: readonly string[]): Promise<void>
  /** Resamples these time series or audio samples to `rateHz` (band-limited). Undoable. */
  resample(ids: readonly string[], rateHz: number): Promise<void>
  /**
   * The samples (all, or the given ones) that do not match the stored design's input, with how they
   * differ. Empty when the project has no design yet.
   */
  mismatches(ids?: readonly string[]): Promise<readonly SampleMismatch[]>
  /** Moves the fewest samples so that every label is split 80/20 again. Returns how many moved. */
  rebalance(): Promise<number>
  /** Reverts the newest change; fails with `NothingToUndo` when there is none. */
  undo(): Promise<UndoEntry>
  lastUndo(): Promise<UndoEntry | null>
  importFiles(files: readonly ImportFile[], options: ImportOptions): Promise<ImportReport>
  /** Writes every sample (or the given ones) to `dir` on the computer running Mote. */
  exportTo(dir: string, format: ExportFormat, ids?: readonly string[]): Promise<ExportReport>
  onDidChange(listener: Listener<DatasetChange>): Disposable
}

const sampleId = z.string().regex(/^[a-z0-9-]{4,64}$/, 'not a sample id')
const ids = z.array(sampleId).min(1).max(100_000)

/**
 * The limits of a sample, in one place: the contract checks calls with them, the project index is read with
 * them, and the importers check every file against them while reading it (src/core/dataset/sample-limits.ts),
 * so that a file Mote cannot keep is refused with its name before anything is written.
 */
const LABEL_MAX_CHARS = 128
export const labelSchema = z
  .string()
  .trim()
  .min(1, 'a label cannot be empty')
  .max(LABEL_MAX_CHARS)
  .refine((s) => [...s].every((c) => c.charCodeAt(0) >= 32), 'a label cannot contain control characters')
const categorySchema = z.enum(['training', 'testing'])
export const axisSchema = z.object({ name: z.string().min(1).max(64), unit: z.string().max(32) })
export const axesSchema = z.array(axisSchema).min(1).max(64)
/** Samples per second per axis; 0 for images. */
export const rateHzSchema = z.number().min(0).max(1_000_000)
/** Frames of one sample (for images, pixels). */
export const sampleLengthSchema = z.number().int().min(1).max(100_000_000)
export const imageSizeSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
})
export const sourceSchema = z.string().max(512)

export const newSampleSchema = z.object({
  kind: z.enum(['timeseries', 'audio', 'image']),
  label: labelSchema,
  category: categorySchema.optional(),
  rateHz: rateHzSchema,
  axes: axesSchema,
  length: sampleLengthSchema,
  image: imageSizeSchema.optional(),
  source: sourceSchema,
  values: z.instanceof(Float32Array),
  truncated: z.boolean().optional(),
})

/**
 * A sample's metadata as the project index stores it. Lenient where older versions were, so that their
 * projects still open: a stored label may hold control characters (CSV imports let them through before they
 * were refused) and a stored length may be 0.
 */
export const sampleMetaSchema = z.object({
  id: sampleId,
  kind: z.enum(['timeseries', 'audio', 'image']),
  label: z.string().min(1).max(LABEL_MAX_CHARS),
  category: categorySchema,
  rateHz: rateHzSchema,
  axes: axesSchema,
  length: z.number().int().min(0),
  image: imageSizeSchema.optional(),
  source: sourceSchema,
  createdAt: z.iso.datetime(),
  truncated: z.boolean().optional(),
})

export const importOptionsSchema = z
  .object({
    labelFrom: z.enum(['name', 'folder']).optional(),
    label: labelSchema.optional(),
    rateHz: rateHzSchema.positive().optional(),
    category: z.enum(['training', 'testing', 'auto']).optional(),
    skipBroken: z.boolean().optional(),
    strict: z.boolean().optional(),
    labelColumn: z
      .union([z.string().trim().min(1).max(256), z.number().int().min(1).max(100_000)])
      .optional(),
  })
  .strict()

const importFileSchema = z.object({
  name: z.string().min(1).max(4096),
  bytes: z.instanceof(Uint8Array),
})

export const datasetContract: ServiceContract<DatasetService> = {
  name: 'dataset',
  methods: {
    list: z.tuple([]),
    counts: z.tuple([]),
    read: z.tuple([sampleId]),
    overview: z.tuple([z.array(sampleId).max(10_000), z.number().int().min(2).max(4096)]),
    add: z.tuple([z.array(newSampleSchema).min(1).max(1000)]),
    relabel: z.tuple([ids, labelSchema]),
    move: z.tuple([ids, categorySchema]),
    remove: z.tuple([ids]),
    crop: z.tuple([sampleId, z.number().int().min(0), z.number().int().min(1)]),
    split: z.tuple([sampleId, z.number().positive().max(3_600_000), z.number().positive().optional()]),
    renameAxes: z.tuple([ids, z.array(z.string().trim().min(1).max(64)).min(1).max(64)]),
    resample: z.tuple([ids, z.number().positive().max(1_000_000)]),
    mismatches: z.tuple([z.array(sampleId).max(100_000).optional()]),
    rebalance: z.tuple([]),
    undo: z.tuple([]),
    lastUndo: z.tuple([]),
    importFiles: z.tuple([z.array(importFileSchema).min(1).max(100_000), importOptionsSchema]),
    exportTo: z.tuple([
      folderPathSchema('an export folder'),
      z.enum(['csv', 'ei-json']),
      z.array(sampleId).max(100_000).optional(),
    ]),
  },
  events: ['didChange'],
}
