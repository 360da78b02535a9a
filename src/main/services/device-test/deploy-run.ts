import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { findBoard } from '../../../core/boards/board-lookup'
import type { Board } from '../../../core/boards/types'
import { defaultInputLsb, dspDesignCode } from '../../../core/codegen/c/dsp-params'
import { dspMetaOf } from '../../../core/train/design'
import { DeviceTestErrorCode, type DeployReport, type DeployStage } from '../../../shared/api/device-test'
import type { CancellationToken } from '../../../shared/api/jobs'
import { MoteFailure, throwIfCancelled } from '../../../shared/errors'
import { readFirmwareImage } from '../firmware/firmware-image'
import type { Flasher } from '../flash/flasher'
import type { SerialOpener } from '../serial/serial-port'
import { atomicWriteJson } from '../system/atomic-write'
import type { FileSystem } from '../system/file-system'
import type { BuildCallbacks, BuildResult, FirmwareProject } from '../toolchain/firmware-build'
import { testOnBoard } from './deploy-test-stage'
import { loadDeployVariant, type DeployVariant } from './deploy-variant'
import type { FirmwareAppInput, LiveSource } from './firmware-app-types'
import { firmwarePortOf } from './firmware-ports'
import { buildInferenceFirmware, type InferenceFirmwareBuild } from './inference-firmware'
import { FlashedBuilds } from './flashed-builds'

/**
 * One click (or `mote deploy`): build the inference firmware for a project's variant and a board, flash it,
 * and run the on-device test on the test split (docs/firmware.md). Stages report progress; cancellation is
 * honoured between steps and inside each (compiler steps, flash pages, windows); a test stopped by
 * cancellation or an unplugged board keeps the windows that arrived. The report goes into the project:
 * `deploy/<variant>/<board>.json`.
 */

export type { DeployReport, DeployStage } from '../../../shared/api/device-test'

export interface DeployRequest {
  readonly projectDir: string
  readonly boardId: string
  readonly port: string
  readonly variantId?: string
  /** Test windows (default 100; 0 builds and flashes only). */
  readonly windows?: number
}

export interface DeployDeps {
  readonly fs: FileSystem
  readonly resourcesDir: string
  /** Where builds go (a cache folder). */
  readonly buildDir: string
  readonly build: (
    project: FirmwareProject,
    outputDir: string,
    callbacks: BuildCallbacks,
  ) => Promise<BuildResult>
  readonly flasherFor: (board: Board) => Flasher
  readonly open: SerialOpener
  readonly now?: () => Date
}

export interface DeployCallbacks {
  readonly onProgress?: (stage: DeployStage, fraction: number, phrase: string) => void
  readonly onLog?: (text: string) => void
  readonly cancellation?: CancellationToken
}

/** An ADXL335-like analog accelerometer at 3.3 V (1650 mV at 0, 330 mV per g) per axis: the Uno's live input. */
function liveSourceFor(board: Board, axes: number): LiveSource {
  if (firmwarePortOf(board).analogSampler)
    return {
      kind: 'analog',
      fullScaleMillivolts: 5000,
      channels: Array.from({ length: axes }, () => ({
        zeroMillivolts: 1650,
        millivoltsPerUnit: 330 / 9.80665,
      })),
    }
  return {
    kind: 'synthetic',
    axes: Array.from({ length: axes }, (_, a) => ({ offset: 0, amplitude: 1, hz: 1 + a })),
  }
}

/** The firmware input for a project's variant on `board`: the DSP on the board when it is a time series. */
export function firmwareInputFor(
  board: Board,
  variant: DeployVariant,
  projectName: string,
): FirmwareAppInput {
  const { design } = variant
  const model = {
    graph: variant.graph,
    coded: variant.coded,
    project: projectName,
    variant: variant.record.name,
  }
  if (design.input.kind === 'image') return { boardId: board.id, model, live: { kind: 'none' } }
  const meta = dspMetaOf(design.input)
  const { numeric } = firmwarePortOf(board)
  const inputLsb = design.input.kind === 'audio' ? defaultInputLsb.audio : defaultInputLsb.series
  const code = dspDesignCode(design.features, meta, { numeric, inputLsb })
  const axes = 'axes' in meta ? meta.axes : 1
  return {
    boardId: board.id,
    model,
    features: { design: design.features, meta, numeric, inputLsb, code },
    live: liveSourceFor(board, axes),
  }
}

function requireBoard(boardId: string): Board {
  const board = findBoard(boardId)
  if (board === undefined)
    throw new MoteFailure(
      DeviceTestErrorCode.UnsupportedBoard,
      `There is no board "${boardId}" in the catalog; see \`mote boards\`.`,
    )
  return board
}

/** The build's numbers against the board's room, as a failure with what to try when it does not fit. */
function checkFits(board: Board, built: BuildResult): void {
  const { size } = built
  const over: string[] = []
  if (size.flashFreeBytes !== undefined && size.flashFreeBytes < 0)
    over.push(
      `${(size.flashBytes / 1024).toFixed(1)} KB of flash, the ${board.name} has ${((size.flashBytes + size.flashFreeBytes) / 1024).toFixed(1)} KB`,
    )
  if (size.ramFreeBytes !== undefined && size.ramFreeBytes < 0)
    over.push(
      `${(size.ramBytes / 1024).toFixed(2)} KB of RAM, the ${board.name} has ${((size.ramBytes + size.ramFreeBytes) / 1024).toFixed(2)} KB`,
    )
  if (over.length)
    throw new MoteFailure(
      DeviceTestErrorCode.DoesNotFit,
      `The firmware needs ${over.join(' and ')}: try a pruned or clustered variant, shorter windows, or a board with more memory (a Nano 33 BLE Sense, a Nucleo).`,
    )
}

export async function deploy(
  deps: DeployDeps,
  request: DeployRequest,
  callbacks: DeployCallbacks = {},
): Promise<DeployReport> {
  const board = requireBoard(request.boardId)
  firmwarePortOf(board)
  callbacks.onProgress?.('generate', 0, 'Reading the variant')
  const variant = await loadDeployVariant(deps.fs, request.projectDir, request.variantId)
  let started = Date.now()
  const built = await buildStage(deps, request, board, variant, callbacks)
  const buildMs = Date.now() - started
  const flashed = new FlashedBuilds(deps.fs, deps.buildDir)
  let flashMs = 0
  let lateFlashMs = 0 // a flash the test stage found it needed after all
  const flash = async () => {
    const at = Date.now()
    await flashStage(deps, request, board, built, flashed, callbacks)
    lateFlashMs = Date.now() - at
  }
  const onBoard = await flashed.has(request.port, board.id, built.buildId)
  if (onBoard) callbacks.onProgress?.('flash', 1, 'The board already runs this firmware: not flashed again')
  else {
    await flash()
    ;[flashMs, lateFlashMs] = [lateFlashMs, 0]
  }
  const firmware = await firmwareFacts(deps.fs, built)
  started = Date.now()
  const tested = await testOnBoard(
    deps,
    request,
    variant,
    board,
    built,
    callbacks,
    onBoard ? flash : undefined,
  )
  const flashedNow = !onBoard || tested.reflashed
  const report: DeployReport = {
    format: 'mote-deploy-report',
    version: 1,
    createdAt: (deps.now?.() ?? new Date()).toISOString(),
    board: { id: board.id, name: board.name, port: request.port },
    variant: { id: variant.record.id, name: variant.record.name },
    labels: variant.design.labels,
    firmware: { ...firmware, buildId: built.buildId, ...(flashedNow ? {} : { alreadyOnBoard: true }) },
    ...tested.report,
    durationsMs: {
      build: buildMs,
      flash: flashMs + lateFlashMs,
      test: Date.now() - started - lateFlashMs,
    },
  }
  const reportDir = join(request.projectDir, 'deploy', variant.record.id)
  await deps.fs.mkdir(reportDir, { recursive: true })
  await atomicWriteJson(deps.fs, join(reportDir, `${board.id}.json`), report)
  return report
}

/** Generate and compile into the build folder of this variant and board; refused when it does not fit. */
async function buildStage(
  deps: DeployDeps,
  request: DeployRequest,
  board: Board,
  variant: DeployVariant,
  { onProgress, onLog, cancellation }: DeployCallbacks,
): Promise<InferenceFirmwareBuild> {
  const projectName = request.projectDir.split(/[\\/]/).filter(Boolean).at(-1) ?? 'project'
  const input = firmwareInputFor(board, variant, projectName)
  throwIfCancelled(cancellation, 'The deployment was cancelled.')
  const outDir = join(deps.buildDir, 'inference', `${variant.record.id}-${board.id}`)
  const built = await buildInferenceFirmware(deps, board, input, outDir, {
    // The compiler's phrases name sources by path: the file name is what the user reads.
    onProgress: (f, phrase) => onProgress?.('compile', f, phrase.replace(/\S*[\\/]/g, '')),
    ...(onLog ? { onOutput: (t: string) => onLog(t) } : {}),
    ...(cancellation ? { cancellation } : {}),
  })
  checkFits(board, built)
  return built
}

/** Flashes the build and records it as the port's (forgotten first: a failed flash leaves no record). */
async function flashStage(
  deps: DeployDeps,
  request: DeployRequest,
  board: Board,
  built: InferenceFirmwareBuild,
  flashed: FlashedBuilds,
  { onProgress, cancellation }: DeployCallbacks,
): Promise<void> {
  await flashed.forget(request.port)
  const elf = new Uint8Array(await deps.fs.readFile(built.elfPath))
  const image = readFirmwareImage(elf, 'elf', { mcu: board.mcu, source: 'Mote inference firmware' })
  await deps.flasherFor(board).flash(
    image,
    { port: request.port, boardId: board.id },
    {
      onProgress: (p) => onProgress?.('flash', p.fraction, p.phrase),
      ...(cancellation ? { cancellation } : {}),
    },
  )
  await flashed.record(request.port, board.id, built.buildId)
}

async function firmwareFacts(fs: FileSystem, built: BuildResult): Promise<DeployReport['firmware']> {
  const { size } = built
  const bin = new Uint8Array(await fs.readFile(built.binPath))
  return {
    sha256: createHash('sha256').update(bin).digest('hex'),
    flashBytes: size.flashBytes,
    ramBytes: size.ramBytes,
    ...(size.flashFreeBytes !== undefined
      ? { flashCapacityBytes: size.flashBytes + size.flashFreeBytes }
      : {}),
    ...(size.ramFreeBytes !== undefined ? { ramCapacityBytes: size.ramBytes + size.ramFreeBytes } : {}),
    elfPath: built.elfPath,
  }
}
