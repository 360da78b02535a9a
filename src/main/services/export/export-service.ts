import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
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
import { loadExportVariant } from './variant-source'
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
  /** A folder for arduino-cli's work (one fresh subfolder per build). */
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
    const store = this.deps.project.store()
    const variant = await loadExportVariant(store, variantId)
    const board = resolveExportBoard(format, boardId)
    const base = { format, path: outPath, variantId: variant.record.id, boardId: board?.id ?? null }
    if (format === 'tflite') {
      const bytes = writeTflite(variant.graph)
      await this.write(outPath, bytes)
      return { ...base, bytes: bytes.length, files: [] }
    }
    const project = (await this.deps.project.current())?.name ?? 'model'
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

  /** The output must be a file path with the format's extension whose folder exists, not a folder itself. */
  private async checkOutput(path: string, extension: string): Promise<void> {
    if (!path.toLowerCase().endsWith(extension))
      throw fail('BadOutput', `The output file must end in ${extension}: ${path} does not.`)
    const stat = await this.deps.fs.stat(path).catch(() => undefined)
    if (stat?.isDirectory())
      throw fail(
        'BadOutput',
        `${path} is a folder: give the path of the file to write, such as ${join(path, `model${extension}`)}.`,
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
