import { ToolchainErrorCode } from '../../../shared/api/toolchain'
import { availableParallelism } from 'node:os'
import { basename, extname, join } from 'node:path'
import type { CancellationToken } from '../../../shared/api/jobs'
import type { FileSystem } from '../system/file-system'
import type { ProcessRunner, RunResult } from '../system/process-runner'
import { parseCompilerOutput, summarizeErrors, type CompilerDiagnostic } from './compiler-diagnostics'
import { readElf } from '../firmware/elf-reader'
import { sizeReportFromElf, type Capacity, type SizeReport } from './size-report'
import { BuildFailure } from './build-failure'
import type { ToolchainFamily, ToolchainLocation } from './toolchain-locator'
import { MoteFailure, throwIfCancelled } from '../../../shared/errors'
import { cachedLibraryObjects, libraryKey, mapWithLimit, type LibrarySources } from './object-cache'

export type { LibrarySources } from './object-cache'

/** A firmware project: a folder of C (and assembler) sources plus the board's flags. */
export interface FirmwareProject {
  /** Base name of the outputs: `<name>.elf`, `.hex`, `.bin`, `.map`. */
  readonly name: string
  readonly sourceDir: string
  /** Source files relative to `sourceDir`; by default every .c and .S file directly in it. */
  readonly sources?: readonly string[]
  readonly family: ToolchainFamily
  /** The board's flags (`-mmcu=atmega328p -DF_CPU=16000000UL`, `-mcpu=cortex-m4 -mthumb`). */
  readonly cflags: readonly string[]
  readonly ldflags?: readonly string[]
  readonly defines?: Readonly<Record<string, string | number>>
  /** Include folders, relative to `sourceDir` or absolute. */
  readonly includeDirs?: readonly string[]
  /** Capacity of the board, to report what is left (avr-ld does not know the MCU's flash size). */
  readonly capacity?: Capacity
  /** Sources compiled apart from the project's headers and kept in the object cache (see object-cache.ts). */
  readonly library?: LibrarySources
  /** For boards flashed by copying a .uf2 (RP2040): also write `<name>.uf2` for this family at this address. */
  readonly uf2?: { readonly familyId: number; readonly baseAddress: number }
}

/** An extra output made from the linked files: the RP2040's .uf2 writer plugs in here. */
export interface OutputFormatWriter {
  readonly format: string
  write(input: {
    readonly elfPath: string
    readonly binPath: string
    readonly hexPath: string
  }): Promise<string>
}

export interface BuildCallbacks {
  /** fraction 0–1 and a phrase: "Compiling main.c (2 of 5)". */
  readonly onProgress?: (fraction: number, phrase: string) => void
  /** Command lines (prefixed `$ `) and the tools' own output, as it arrives. */
  readonly onOutput?: (text: string, stream: 'stdout' | 'stderr') => void
  readonly cancellation?: CancellationToken
}

export interface BuildResult {
  readonly elfPath: string
  readonly hexPath: string
  readonly binPath: string
  readonly mapPath: string
  readonly extraOutputs: Readonly<Record<string, string>>
  readonly size: SizeReport
  /** Warnings and notes of a successful build. */
  readonly diagnostics: readonly CompilerDiagnostic[]
}

export interface FirmwareBuildDeps {
  readonly fs: FileSystem
  readonly runner: ProcessRunner
  readonly toolTimeoutMs?: number
  /** Where a project's library objects are cached; without it they are compiled with the project's own. */
  readonly objectCacheDir?: string
}

/** Compilers run at once: one per core, at most 4 (the link waits for them all anyway). */
const PARALLEL_COMPILES = Math.max(1, Math.min(4, availableParallelism()))

const COMMON_CFLAGS = [
  '-std=gnu11',
  '-Os',
  '-g',
  '-Wall',
  '-Wextra',
  '-ffunction-sections',
  '-fdata-sections',
]
// Sections that are not program memory: EEPROM contents, fuses, lock bits, the signature.
const AVR_NON_FLASH = ['.eeprom', '.fuse', '.lock', '.signature']

/**
 * Compiles each source to an object, links with a map file, writes .hex and .bin, then the extra formats,
 * and measures the result. Sources are passed relative to the project folder (which is the working folder)
 * so that diagnostics name files the way the user sees them. Cancellation is checked between steps.
 */
export async function buildFirmware(
  project: FirmwareProject,
  tools: ToolchainLocation,
  outputDir: string,
  deps: FirmwareBuildDeps,
  callbacks: BuildCallbacks = {},
  writers: readonly OutputFormatWriter[] = [],
): Promise<BuildResult> {
  const sources = project.sources ?? (await defaultSources(deps.fs, project.sourceDir))
  if (sources.length === 0) {
    throw new MoteFailure(
      ToolchainErrorCode.NoSources,
      `There are no .c files in ${project.sourceDir}; add one.`,
    )
  }
  const libraryCount = project.library?.sources.length ?? 0
  const steps = sources.length + libraryCount + 3 + writers.length
  const step = new StepRunner(deps, project.sourceDir, callbacks, steps)
  const warnings: CompilerDiagnostic[] = []
  const objDir = join(outputDir, 'obj')
  await deps.fs.mkdir(objDir, { recursive: true })
  const compile = compilerFor(tools, step, warnings)
  const objects = await compile(compileFlags(project), sources, objDir)
  if (project.library) {
    const library = { project, library: project.library, compiler: tools.gcc }
    objects.push(...(await libraryObjects(library, deps, join(objDir, 'library'), compile, step)))
  }
  const paths = outputPaths(outputDir, project.name)
  const linkArgs = [...project.cflags, ...objects, ...linkFlags(project, paths.mapPath), '-o', paths.elfPath]
  warnings.push(...failIfError(await step.run('Linking', tools.gcc, linkArgs), ToolchainErrorCode.LinkFailed))
  const strip = project.family === 'avr' ? AVR_NON_FLASH.flatMap((s) => ['-R', s]) : []
  await step.runChecked('Writing .hex', tools.objcopy, ['-O', 'ihex', ...strip, paths.elfPath, paths.hexPath])
  await step.runChecked('Writing .bin', tools.objcopy, [
    '-O',
    'binary',
    ...strip,
    paths.elfPath,
    paths.binPath,
  ])
  const extraOutputs = await writeExtraFormats(writers, paths, step)
  const elf = readElf(new Uint8Array(await deps.fs.readFile(paths.elfPath)))
  callbacks.onProgress?.(1, 'Built')
  return { ...paths, extraOutputs, size: sizeReportFromElf(elf, project.capacity), diagnostics: warnings }
}

function outputPaths(outputDir: string, name: string) {
  const path = (ext: string) => join(outputDir, `${name}.${ext}`)
  return { elfPath: path('elf'), hexPath: path('hex'), binPath: path('bin'), mapPath: path('map') }
}

type Compile = (flags: readonly string[], sources: readonly string[], objDir: string) => Promise<string[]>

/** Compiles sources into a folder, several at once; warnings are collected, the first error throws. */
function compilerFor(tools: ToolchainLocation, step: StepRunner, warnings: CompilerDiagnostic[]): Compile {
  return async (flags, sources, objDir) => {
    const found = await mapWithLimit(sources, PARALLEL_COMPILES, async (source, i) => {
      const object = join(objDir, `${basename(source, extname(source))}-${i}.o`)
      const phrase = `Compiling ${source} (${i + 1} of ${sources.length})`
      const result = await step.run(phrase, tools.gcc, [...flags, '-c', source, '-o', object])
      return { object, diagnostics: failIfError(result, ToolchainErrorCode.CompileFailed) }
    })
    warnings.push(...found.flatMap((f) => f.diagnostics))
    return found.map((f) => f.object)
  }
}

/** The library's objects: from the object cache when there is one (compiled into it on a miss), else beside the project's. */
async function libraryObjects(
  { project, library, compiler }: { project: FirmwareProject; library: LibrarySources; compiler: string },
  deps: FirmwareBuildDeps,
  objDir: string,
  compile: Compile,
  step: StepRunner,
): Promise<string[]> {
  const flags = compileFlags({ ...project, includeDirs: library.includeDirs })
  if (deps.objectCacheDir === undefined) {
    await deps.fs.mkdir(objDir, { recursive: true })
    return compile(flags, library.sources, objDir)
  }
  const key = await libraryKey(deps.fs, compiler, flags, library)
  const { objects, rebuilt } = await cachedLibraryObjects(deps.fs, deps.objectCacheDir, key, async (dir) =>
    (await compile(flags, library.sources, dir)).map((o) => basename(o)),
  )
  if (!rebuilt) step.skip(library.sources.length, 'Library objects from the cache')
  return objects
}

async function writeExtraFormats(
  writers: readonly OutputFormatWriter[],
  paths: { readonly elfPath: string; readonly binPath: string; readonly hexPath: string },
  step: StepRunner,
): Promise<Record<string, string>> {
  const extraOutputs: Record<string, string> = {}
  for (const writer of writers) {
    step.begin(`Writing .${writer.format}`)
    extraOutputs[writer.format] = await writer.write(paths).catch((error: unknown) => {
      throw new MoteFailure(
        ToolchainErrorCode.OutputFormatFailed,
        `Could not write the .${writer.format} file.`,
        String(error),
      )
    })
  }
  return extraOutputs
}

async function defaultSources(fs: FileSystem, dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[])
  return names.filter((n) => n.endsWith('.c') || n.endsWith('.S')).sort()
}

function compileFlags(project: FirmwareProject): string[] {
  const defines = Object.entries(project.defines ?? {}).map(([k, v]) => `-D${k}=${v}`)
  const includes = (project.includeDirs ?? []).map((d) => `-I${d}`)
  return [...COMMON_CFLAGS, ...project.cflags, ...defines, ...includes]
}

function linkFlags(project: FirmwareProject, mapPath: string): string[] {
  return ['-Wl,--gc-sections', `-Wl,-Map,${mapPath}`, ...(project.ldflags ?? [])]
}

function failIfError(result: RunResult, code: number): CompilerDiagnostic[] {
  const output = result.stderr + result.stdout
  const diagnostics = parseCompilerOutput(output)
  if (result.code === 0 && !result.timedOut) return diagnostics.filter((d) => d.severity !== 'error')
  const summary = summarizeErrors(diagnostics) ?? output.trim().split('\n').slice(-1)[0] ?? 'no output'
  const what = code === ToolchainErrorCode.LinkFailed ? 'Linking failed' : 'The build failed'
  throw new BuildFailure(code, `${what}: ${summary}. Fix it and build again.`, diagnostics, output)
}

/** Runs the tools in the project folder with progress, streamed output, a timeout and cancellation. */
class StepRunner {
  private done = 0

  constructor(
    private readonly deps: FirmwareBuildDeps,
    private readonly cwd: string,
    private readonly callbacks: BuildCallbacks,
    private readonly steps: number,
  ) {}

  /** Counts `count` steps as done without running them (their outputs came from a cache). */
  skip(count: number, phrase: string): void {
    this.done += count
    this.callbacks.onProgress?.(this.done / this.steps, phrase)
  }

  begin(phrase: string): void {
    throwIfCancelled(this.callbacks.cancellation, 'The build was cancelled.')
    this.callbacks.onProgress?.(this.done / this.steps, phrase)
    this.done++
  }

  async run(phrase: string, tool: string, args: readonly string[]): Promise<RunResult> {
    this.begin(phrase)
    const { onOutput } = this.callbacks
    onOutput?.(`$ ${[tool, ...args].join(' ')}\n`, 'stdout')
    const result = await this.deps.runner.run(tool, args, {
      cwd: this.cwd,
      timeoutMs: this.deps.toolTimeoutMs ?? 120_000,
      ...(onOutput
        ? { onStdout: (t: string) => onOutput(t, 'stdout'), onStderr: (t: string) => onOutput(t, 'stderr') }
        : {}),
    })
    if (result.timedOut) {
      throw new MoteFailure(
        ToolchainErrorCode.ToolTimedOut,
        `${basename(tool)} did not finish in time; build again.`,
      )
    }
    return result
  }

  async runChecked(phrase: string, tool: string, args: readonly string[]): Promise<void> {
    const result = await this.run(phrase, tool, args)
    if (result.code !== 0) {
      throw new MoteFailure(
        ToolchainErrorCode.ObjcopyFailed,
        `${phrase} failed; the .elf may be damaged.`,
        result.stderr,
      )
    }
  }
}
