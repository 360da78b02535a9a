import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import { folderPathSchema } from './paths'
import { EXPORT_FORMATS, type ExportFormat } from './export-formats'
import { variantIdSchema } from './compress'
import type { JobInfo } from './jobs'

/**
 * Exports of a project's variant (docs/export.md): `c` a C library zip (runtime + generated model + DSP +
 * mote_pipeline.h + README), `arduino` the same as an Arduino library zip (library.properties, src/, an
 * example sketch), `tflite` the variant as a .tflite file, `firmware` the Mote inference firmware for a
 * board (docs/firmware.md) as .hex, .elf, .bin or .uf2. The open project's chosen variant unless one is
 * named; the board decides the DSP build (fixed point without an FPU) and, for Arduino, the example's board.
 */
export const exportFormatSchema = z.enum(EXPORT_FORMATS)
export { EXPORT_FORMATS, type ExportFormat }

const boardIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a board id')

export const exportRequestSchema = z
  .object({
    format: exportFormatSchema,
    /** The file to write (a whole path); an existing file is replaced atomically. */
    outPath: folderPathSchema('the output file'),
    variantId: variantIdSchema.optional(),
    /** A catalog board id (`mote boards`); default: none for `c` (float DSP), `uno` for `arduino`. */
    boardId: boardIdSchema.optional(),
  })
  .strict()
export type ExportRequest = z.input<typeof exportRequestSchema>

/**
 * The extensions the output file may have (the first is the default), so that an export never replaces a
 * file of another kind; for firmware the extension also picks the image's format.
 */
export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, readonly string[]>> = {
  c: ['.zip'],
  arduino: ['.zip'],
  tflite: ['.tflite'],
  firmware: ['.hex', '.elf', '.bin', '.uf2'],
}

/** What an export wrote. Sizes in bytes. */
export interface ExportResult {
  readonly format: ExportFormat
  readonly path: string
  readonly bytes: number
  readonly variantId: string
  readonly boardId: string | null
  /** Files inside the zip (library formats), in archive order. */
  readonly files: readonly string[]
  /** The generated model's needs: arena (RAM) and constants (flash); absent for .tflite. */
  readonly model?: { readonly arenaBytes: number; readonly constantBytes: number }
  /** Firmware: the build's flash and static RAM, and what is left on the board (negative never: refused). */
  readonly firmware?: {
    readonly flashBytes: number
    readonly ramBytes: number
    readonly flashFreeBytes?: number
    readonly ramFreeBytes?: number
  }
  /** The DSP build and its needs, when the design has feature blocks. */
  readonly dsp?: {
    readonly numeric: 'fixed' | 'float'
    readonly workBytes: number
    readonly tableBytes: number
  }
}

export const exampleBuildRequestSchema = z
  .object({
    boardId: boardIdSchema,
    variantId: variantIdSchema.optional(),
    /** Flash the build to the board on this port (serial path or drive) with Mote's flasher. */
    port: z.string().min(1).max(512).optional(),
  })
  .strict()
export type ExampleBuildRequest = z.input<typeof exampleBuildRequestSchema>

export interface ExampleBuildResult {
  readonly boardId: string
  readonly fqbn: string
  /** The arduino-cli command that ran, as argv. */
  readonly command: readonly string[]
  /** The file flashed (or to flash): the build's .hex or .elf, or an Intel HEX made of the ESP32's .bin. */
  readonly flashFile: string
  /** The flash job, when a port was given. */
  readonly flashJob?: JobInfo
}

export interface ExportService {
  /** Writes the export of the open project's variant to `outPath`. */
  export(request: ExportRequest): Promise<ExportResult>
  /**
   * Builds the Arduino library's example for a board with an Arduino core through arduino-cli (17009 when it
   * is missing) and, given a port, flashes it with Mote's flasher for the board. Unverified on real hardware.
   */
  buildExample(request: ExampleBuildRequest): Promise<ExampleBuildResult>
}

/**
 * Export errors: the 17xxx block (docs/architecture.md, docs/export.md). Generation failures keep their own
 * codes (the model's 15xxx, the DSP's 11xxx); these are the export's own.
 */
export const ExportErrorCode = {
  /** A request the contract refuses (a malformed variant or board id, an unknown format). */
  InvalidRequest: 17001,
  /** The project has no chosen variant and none was named. */
  NoVariant: 17002,
  /** The variant's files are missing or damaged, or its trained model's design is. */
  BadVariant: 17003,
  /** A board id the catalog does not have. */
  UnknownBoard: 17004,
  /** A board the format cannot target (a virtual board for an Arduino library). */
  BoardNotSupported: 17005,
  /** The output path is a folder, has no folder to go in, has the wrong extension, or cannot be written. */
  BadOutput: 17006,
  /** The model or design has a shape the pipeline API does not take (several inputs, no classes). */
  UnsupportedPipeline: 17007,
  /** A runtime or DSP source file is missing from the installation's resources. */
  MissingResources: 17008,
  /** Building an Arduino example needs arduino-cli, which is not on the PATH (the message says how to install it). */
  ArduinoCliMissing: 17009,
  /** arduino-cli failed to build the example (its last lines in the message; a missing core included). */
  ArduinoBuildFailed: 17010,
  /** The built firmware does not fit the board's flash or RAM (the numbers in the message). */
  FirmwareDoesNotFit: 17011,
} as const

export const exportContract: ServiceContract<ExportService> = {
  name: 'export',
  methods: {
    export: z.tuple([exportRequestSchema]),
    buildExample: z.tuple([exampleBuildRequestSchema]),
  },
  events: [],
}
