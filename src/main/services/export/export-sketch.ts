import { dirname, join } from 'node:path'
import MemoryMap from 'nrf-intel-hex'
import type { Board } from '../../../core/boards/types'
import type { LibraryFile } from '../../../core/codegen/library'
import { ExportErrorCode } from '../../../shared/api/export'
import { failureMaker } from '../../../shared/errors'
import type { FileSystem } from '../system/file-system'
import type { ProcessRunner } from '../system/process-runner'
import { findExecutable } from '../system/which'
import { ARDUINO_CLI, arduinoCliInstallHint, arduinoCompileArgs, sketchArtifact } from './arduino-cli'

const fail = failureMaker(ExportErrorCode)

/** arduino-cli builds a core's sources on first use: allow it time. */
const COMPILE_TIMEOUT_MS = 15 * 60_000

export interface SketchBuildDeps {
  readonly fs: FileSystem
  readonly runner: ProcessRunner
  /** Where arduino-cli is looked for (default: PATH). */
  readonly searchPath?: string
}

export interface SketchBuildRequest {
  /** The Arduino library's files, each `<root>/…`. */
  readonly files: readonly LibraryFile[]
  readonly root: string
  readonly example: string
  readonly board: Board
  /** An empty folder of its own for the library, the build and the output. */
  readonly workDir: string
  readonly onOutput?: (text: string) => void
  readonly signal?: AbortSignal
}

export interface SketchBuild {
  /** The arduino-cli command that ran, as argv. */
  readonly command: readonly string[]
  /** The file to flash with our flashers (.hex, .elf, or an Intel HEX made from the ESP32's .bin). */
  readonly flashFile: string
}

async function writeLibrary(fs: FileSystem, files: readonly LibraryFile[], dir: string): Promise<void> {
  for (const file of files) {
    const path = join(dir, file.path)
    await fs.mkdir(dirname(path), { recursive: true })
    await fs.writeFile(path, file.text)
  }
}

/** A raw binary → an Intel HEX at its address, so that the flash service places it (it loads .bin at 0). */
async function hexAt(fs: FileSystem, binPath: string, address: number): Promise<string> {
  const bytes = new Uint8Array(await fs.readFile(binPath))
  const hexPath = binPath.replace(/\.bin$/, '.app.hex')
  await fs.writeFile(hexPath, new MemoryMap({ [address]: bytes }).asHexString())
  return hexPath
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n')
}

/**
 * Builds the library's example for `board` with arduino-cli: 17009 with the install line when arduino-cli is
 * not on the PATH, 17010 with arduino-cli's last lines when the build fails (a missing core included).
 */
export async function buildSketch(deps: SketchBuildDeps, request: SketchBuildRequest): Promise<SketchBuild> {
  const cli = await findExecutable(deps.fs, ARDUINO_CLI, deps.searchPath)
  if (cli === undefined)
    throw fail('ArduinoCliMissing', `arduino-cli is not on the PATH. ${arduinoCliInstallHint(request.board)}`)
  const libraryDir = join(request.workDir, 'libraries', request.root)
  await writeLibrary(deps.fs, request.files, join(request.workDir, 'libraries'))
  const paths = {
    libraryDir,
    sketchDir: join(libraryDir, 'examples', request.example),
    buildDir: join(request.workDir, 'build'),
    outputDir: join(request.workDir, 'output'),
  }
  const args = arduinoCompileArgs(request.board, paths)
  const result = await deps.runner.run(cli, args, {
    timeoutMs: COMPILE_TIMEOUT_MS,
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.onOutput ? { onStdout: request.onOutput, onStderr: request.onOutput } : {}),
  })
  if (result.code !== 0 || result.timedOut) {
    const why = result.timedOut ? 'took longer than 15 minutes' : lastLines(result.stderr || result.stdout, 6)
    throw fail(
      'ArduinoBuildFailed',
      `arduino-cli could not build the example for the ${request.board.name}: ${why}`,
      `${arduinoCliInstallHint(request.board)}\n${result.stderr}`,
    )
  }
  const artifact = sketchArtifact(request.board, paths.outputDir, request.example)
  const exists = await deps.fs.stat(artifact.path).catch(() => undefined)
  if (!exists)
    throw fail('ArduinoBuildFailed', `arduino-cli built the example but wrote no ${artifact.path}.`)
  const flashFile =
    artifact.baseAddress === undefined
      ? artifact.path
      : await hexAt(deps.fs, artifact.path, artifact.baseAddress)
  return { command: [cli, ...args], flashFile }
}
