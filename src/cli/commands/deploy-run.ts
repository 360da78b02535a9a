/** `mote deploy`'s work, loaded by commands/deploy.ts only when the command runs (the CLI starts fast). */
import { join } from 'node:path'
import { virtualKindOf } from '../../core/boards/catalog-virtual'
import { deploy, type DeployReport } from '../../main/services/device-test/deploy-run'
import { boardFor, FlashService } from '../../main/services/flash/flash-service'
import { createFlashers } from '../../main/services/flash/flashers'
import { JobsService } from '../../main/services/jobs/jobs-service'
import { nodeSerialOpener } from '../../main/services/serial/serial-port'
import { PortLeases } from '../../main/services/serial/port-leases'
import { nodeFileSystem } from '../../main/services/system/file-system'
import { nodeProcessRunner } from '../../main/services/system/process-runner'
import { defaultUserDirs } from '../../main/services/system/user-dirs'
import { ToolchainService } from '../../main/services/toolchain/toolchain-service'
import { PACKAGE_ROOT } from '../cli-context'
import { UsageError } from '../output'
import { createVirtualBoardsService } from './virtual-run'

export interface DeployOptions {
  project: string
  board: string
  port?: string
  variant?: string
  windows: string
  json?: boolean
}

function parseWindows(text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0 || n > 100_000)
    throw new UsageError(`--windows takes a whole number from 0 to 100000, not "${text}".`)
  return n
}

export function describe(r: DeployReport): string {
  const lines = [
    `${r.variant.name} on ${r.board.name} (${r.board.port})`,
    `  firmware: ${r.firmware.flashBytes} B flash${r.firmware.flashCapacityBytes ? ` of ${r.firmware.flashCapacityBytes}` : ''}, ${r.firmware.ramBytes} B RAM${r.firmware.ramCapacityBytes ? ` of ${r.firmware.ramCapacityBytes}` : ''}`,
    `  build ${(r.durationsMs.build / 1000).toFixed(1)} s, flash ${(r.durationsMs.flash / 1000).toFixed(1)} s${r.firmware.alreadyOnBoard ? ' (already on the board: not flashed)' : ''}, test ${(r.durationsMs.test / 1000).toFixed(1)} s`,
  ]
  const t = r.test
  if (t) {
    lines.push(
      `  ${t.windows} windows: ${t.mismatches} mismatches with the host int8 reference, accuracy ${(t.accuracy * 100).toFixed(1)} %`,
      `  latency ${t.latencyMs.median.toFixed(2)} ms median (${t.latencyMs.min.toFixed(2)}–${t.latencyMs.max.toFixed(2)}): DSP ${t.dspMs.median.toFixed(2)} ms, model ${t.modelMs.median.toFixed(2)} ms; stack ${t.stackHighWaterBytes} B`,
    )
  }
  if (r.stoppedBy) lines.push(`  stopped early: ${r.stoppedBy}`)
  return lines.join('\n')
}

/**
 * `mote deploy --project DIR --board B [--port P] [--variant V] [--windows N] [--json]`: builds the inference
 * firmware, flashes it and runs the on-device test (docs/firmware.md). Without --port on a virtual board, the
 * board is started for the run and stopped after.
 */
export async function runDeploy(opts: DeployOptions, info: (line: string) => void): Promise<DeployReport> {
  const windows = parseWindows(opts.windows)
  const board = boardFor(opts.board)
  const dirs = defaultUserDirs()
  const virtualBoards = createVirtualBoardsService()
  const kind = virtualKindOf(board.id)
  if (opts.port === undefined && kind === undefined)
    throw new UsageError(
      `Give the ${board.name}'s port with --port (see \`mote boards\` and your system's port list).`,
    )
  try {
    const port = opts.port ?? (await virtualBoards.start(kind!)).port
    const flash = new FlashService({
      fs: nodeFileSystem,
      jobs: new JobsService({
        createWorker: () => {
          throw new Error('mote deploy runs no worker jobs')
        },
      }),
      leases: new PortLeases(),
      flashers: createFlashers({
        fs: nodeFileSystem,
        findVirtual: (p) => virtualBoards.findByPort(p),
        tempDir: join(dirs.cacheDir, 'flash'),
        onLog: info,
      }),
    })
    const toolchain = new ToolchainService({
      fs: nodeFileSystem,
      runner: nodeProcessRunner,
      cacheDir: join(dirs.cacheDir, 'native'),
      resourcesDir: join(PACKAGE_ROOT, 'resources'),
    })
    let last = ''
    return await deploy(
      {
        fs: nodeFileSystem,
        resourcesDir: join(PACKAGE_ROOT, 'resources'),
        buildDir: join(dirs.cacheDir, 'builds'),
        build: (p, o, c) => toolchain.build(p, o, c),
        flasherFor: (b) => flash.flasherFor(b),
        open: nodeSerialOpener,
      },
      {
        projectDir: opts.project,
        boardId: board.id,
        port,
        windows,
        ...(opts.variant ? { variantId: opts.variant } : {}),
      },
      {
        onProgress: (stage, fraction, phrase) => {
          const line = `${stage}: ${phrase}`
          // Every step of build and flash; every tenth window of the test ("Window 10 of 100").
          if (line !== last && (stage !== 'test' || /0 of/.test(phrase))) info(line)
          last = line
        },
      },
    )
  } finally {
    if (opts.port === undefined) await virtualBoards.stopAll()
  }
}
