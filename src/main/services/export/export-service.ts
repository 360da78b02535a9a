import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import type { Board } from '../../../core/boards/types'
import { writeTflite } from '../../../core/codegen/tflite/writer'
import {
  EXPORT_EXTENSIONS,
  exampleBuildRequestSchema,
  exportRequestSchema,
  type ExampleBuildRequest,
  type ExampleBuildResult,
  ExportErrorCode,
  type ExportRequest,
  type ExportResult,
  type ExportService as ExportApi,
} from '../../../shared/api/export'
import { failureMaker } from '../../../shared/errors'
import type { ProjectService } from '../project/project-service'
import { atomicWriteFile } from '../system/atomic-write'
import { errnoCode, type FileSystem } from '../system/file-system'
import type { FlashService as FlashApi } from '../../../shared/api/flash'
import type { ProcessRunner } from '../system/process-runner'
import { fqbnOf } from './arduino-cli'
import { buildSketch } from './export-sketch'
import { buildLibrary, libraryOf } from './library-build'
import { resolveExportBoard } from './export-target'
import { exportFirmware, type FirmwareExportDeps } from './firmware-export'
import { loadExportVariant, loadVariantModel } from './variant-source'
import { readVendoredSources } from './vendored-sources'

const fail = failureMaker(ExportErrorCode)

function invalid(issue: { path: PropertyKey[]; message: string } | undefined) {
  return fail('InvalidRequest', `The request is invalid at "${issue?.path.join('.')}": ${issue?.message}.`)
}

export interface ExportServiceDeps {
  readonly project: ProjectService
  readonly fs: FileSystem
  readonly runner: ProcessRunner
  /** The app's flash service: example builds are flashed through it (leases, progress, cancel). */
  readonly flash: Pick<FlashApi, 'flashFile'>
  /** The toolchain service's firmware build (the Mote inference firmware for `firmware`). */
  readonly buildFirmware: FirmwareExportDeps['build']
  /** A folder for arduino-cli's work and firmware builds (one subfolder per build or board). */
  readonly workDir: string
  /** Where arduino-cli is looked for (default: PATH). */
  readonly searchPath?: string
  /** The repository's (or installation's) resources/: the runtime and DSP sources. */
  readonly resourcesDir: string
  readonly now?: () => Date
}

/**
 * Exports of the open project's variant (docs/export.md): a C or Arduino library zip, or a .tflite. Every
 * argument is validated here too (the CLI calls this class directly); the output is written atomically, so
 * an existing file is replaced whole or not at all.
 */
export class ExportService implements ExportApi {
  constructor(private readonly deps: ExportServiceDeps) {}

  async export(request: ExportRequest): Promise<ExportResult> {
    const parsed = exportRequestSchema.safeParse(request)
    if (!parsed.success) throw invalid(parsed.error.issues[0])
    const { format, outPath, variantId, boardId } = parsed.data
    await this.checkOutput(outPath, EXPORT_EXTENSIONS[format])
    const board = resolveExportBoard(format, boardId)
    if (format === 'tflite') return this.exportTflite(outPath, variantId, board)
    const variant = await loadExportVariant(this.deps.project.store(), variantId)
    const project = (await this.deps.project.current())?.name ?? 'model'
    const base = { format, path: outPath, variantId: variant.record.id, boardId: board?.id ?? null }
    if (format === 'firmware') {
      const built = await exportFirmware(this.firmwareDeps(), this.deps.fs, board!, variant, project, outPath)
      await this.write(outPath, built.bytes)
      return { ...base, bytes: built.bytes.length, files: [], firmware: built.firmware }
    }
    const sources = await readVendoredSources(this.deps.fs, this.deps.resourcesDir)
    const library = buildLibrary({ variant, project, format, board, sources, now: this.now() })
    await this.write(outPath, library.zip)
    return {
      ...base,
      bytes: library.zip.length,
      files: library.files,
      model: library.model,
      dsp: library.dsp,
    }
  }

  private async exportTflite(outPath: string, variantId: string | undefined, board: Board | undefined) {
    const model = await loadVariantModel(this.deps.project.store(), variantId)
    const bytes = writeTflite(model.graph)
    await this.write(outPath, bytes)
    const variant = model.record.id
    return {
      format: 'tflite' as const,
      path: outPath,
      variantId: variant,
      boardId: board?.id ?? null,
      bytes: bytes.length,
      files: [],
    }
  }

  private firmwareDeps(): FirmwareExportDeps {
    const { fs, resourcesDir, buildFirmware, workDir } = this.deps
    return { fs, resourcesDir, build: buildFirmware, workDir }
  }

  async buildExample(request: ExampleBuildRequest): Promise<ExampleBuildResult> {
    const parsed = exampleBuildRequestSchema.safeParse(request)
    if (!parsed.success) throw invalid(parsed.error.issues[0])
    const { boardId, variantId, port } = parsed.data
    const board = resolveExportBoard('arduino', boardId)!
    const fqbn = fqbnOf(board)
    const variant = await loadExportVariant(this.deps.project.store(), variantId)
    const project = (await this.deps.project.current())?.name ?? 'model'
    const sources = await readVendoredSources(this.deps.fs, this.deps.resourcesDir)
    const library = libraryOf({ variant, project, format: 'arduino', board, sources })
    const workDir = join(
      this.deps.workDir,
      `${this.now().getTime().toString(36)}-${randomBytes(3).toString('hex')}`,
    )
    const build = await buildSketch(
      {
        fs: this.deps.fs,
        runner: this.deps.runner,
        ...(this.deps.searchPath ? { searchPath: this.deps.searchPath } : {}),
      },
      { files: library.files, root: library.root, example: library.example, board, workDir },
    )
    const flashJob =
      port === undefined
        ? undefined
        : await this.deps.flash.flashFile({ file: build.flashFile, port, boardId })
    return {
      boardId,
      fqbn,
      command: build.command,
      flashFile: build.flashFile,
      ...(flashJob ? { flashJob } : {}),
    }
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date()
  }

  /** The output must be a file path with one of the format's extensions whose folder exists, not a folder. */
  private async checkOutput(path: string, extensions: readonly string[]): Promise<void> {
    if (!extensions.some((e) => path.toLowerCase().endsWith(e)))
      throw fail('BadOutput', `The output file must end in ${extensions.join(', ')}: ${path} does not.`)
    const stat = await this.deps.fs.stat(path).catch(() => undefined)
    if (stat?.isDirectory())
      throw fail(
        'BadOutput',
        `${path} is a folder: give the path of the file to write, such as ${join(path, `model${extensions[0]}`)}.`,
      )
    const folder = await this.deps.fs.stat(dirname(path)).catch(() => undefined)
    if (!folder?.isDirectory())
      throw fail(
        'BadOutput',
        `The folder ${dirname(path)} does not exist: create it or write somewhere else.`,
      )
  }

  private async write(path: string, bytes: Uint8Array): Promise<void> {
    try {
      await atomicWriteFile(this.deps.fs, path, bytes)
    } catch (error) {
      const reason = errnoCode(error) === 'EACCES' ? 'permission denied' : String(error)
      throw fail('BadOutput', `Could not write ${path}: ${reason}.`, String(error))
    }
  }
}
