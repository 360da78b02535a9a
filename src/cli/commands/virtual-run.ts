// The work of `mote virtual start` (and the virtual boards `mote flash` finds), loaded only when one runs.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { toMoteError } from '../../shared/errors'
import { detectImageFormat, readFirmwareImage } from '../../main/services/firmware/firmware-image'
import { nodeFileSystem } from '../../main/services/system/file-system'
import { nodeProcessRunner } from '../../main/services/system/process-runner'
import { defaultUserDirs } from '../../main/services/system/user-dirs'
import { ToolchainService } from '../../main/services/toolchain/toolchain-service'
import { CORTEX_M_MACHINES } from '../../main/services/virtual-boards/qemu-machine'
import type { VirtualBoardKind } from '../../shared/api/virtual-boards'
import {
  defaultVirtualRuntimeDir,
  VirtualBoardsService,
} from '../../main/services/virtual-boards/virtual-boards-service'
import type { VirtualBoardInfo } from '../../main/services/virtual-boards/virtual-uno'
import { PACKAGE_ROOT } from '../cli-context'
import { EXIT } from '../output'

export interface VirtualCommandOptions {
  readonly json?: boolean
  /** Cortex-M: an .elf/.hex/.bin to run from the start. */
  readonly image?: string
  /** Uno: run as fast as the host allows instead of in real time. */
  readonly noPacing?: boolean
  /** Uno: a signal file for the ADC inputs. */
  readonly adc?: string
  /** Resolves when the board should stop; SIGINT/SIGTERM by default. */
  readonly until?: Promise<void>
  readonly stdout?: NodeJS.WritableStream
  readonly stderr?: NodeJS.WritableStream
  readonly services?: VirtualBoardsService
}

const NAMES: Record<VirtualBoardKind, string> = {
  uno: 'Virtual Uno (simavr, ATmega328P at 16 MHz)',
  m4: `Virtual Cortex-M4 (QEMU ${CORTEX_M_MACHINES.m4.machine})`,
  m3: `Virtual Cortex-M3 (QEMU ${CORTEX_M_MACHINES.m3.machine})`,
}

/** The services `mote virtual` needs, built the way the app builds them. */
export function createVirtualBoardsService(): VirtualBoardsService {
  const dirs = defaultUserDirs()
  const toolchain = new ToolchainService({
    fs: nodeFileSystem,
    runner: nodeProcessRunner,
    cacheDir: join(dirs.cacheDir, 'native'),
    resourcesDir: join(PACKAGE_ROOT, 'resources'),
  })
  return new VirtualBoardsService({
    toolchain,
    runner: nodeProcessRunner,
    fs: nodeFileSystem,
    runtimeDir: defaultVirtualRuntimeDir(),
    unoFlashImagePath: join(dirs.cacheDir, 'virtual-uno-flash.bin'),
  })
}

/**
 * `mote virtual start uno|m4|m3 [--json]`: starts the board, prints its port (with --json one JSON line,
 * then, for the Uno, one line per board event: markers, resets, LED), and keeps it running until
 * SIGINT/SIGTERM (or `until`). Returns the exit code.
 */
export async function runVirtualCommand(
  kind: VirtualBoardKind,
  opts: VirtualCommandOptions = {},
): Promise<number> {
  const stdout = opts.stdout ?? process.stdout
  const stderr = opts.stderr ?? process.stderr
  const service = opts.services ?? createVirtualBoardsService()
  try {
    const image = opts.image ? await loadImage(opts.image, kind) : undefined
    const info = await service.start(kind, {
      ...(image ? { image } : {}),
      ...(opts.noPacing ? { pacing: false } : {}),
      ...(opts.adc ? { adcSignalPath: opts.adc } : {}),
    })
    if (opts.json) {
      stdout.write(JSON.stringify({ event: 'started', name: NAMES[kind], ...info }) + '\n')
      service.uno()?.onEvent((event) => stdout.write(JSON.stringify(event) + '\n'))
    } else {
      stdout.write(describe(kind, info) + '\n')
      stderr.write('Press Ctrl+C to stop the board.\n')
    }
    await (opts.until ?? untilSignal())
    await service.stop(kind)
    if (opts.json) stdout.write(JSON.stringify({ event: 'stopped', kind }) + '\n')
    return EXIT.ok
  } catch (error) {
    await service.stop(kind).catch(() => undefined)
    const e = toMoteError(error)
    if (opts.json) stdout.write(JSON.stringify({ error: e }) + '\n')
    else stderr.write(`mote: ${e.message}\n${e.detail ? e.detail + '\n' : ''}`)
    return EXIT.failure
  }
}

function describe(kind: VirtualBoardKind, info: VirtualBoardInfo): string {
  const lines = [
    `${NAMES[kind]} is running.`,
    `  port:    ${info.port}  (${info.pty})`,
    `  control: ${info.controlSocket}`,
  ]
  if (kind === 'uno')
    lines.push(`  flash:   avrdude -c arduino -p m328p -P ${info.port} -b 115200 -U flash:w:app.hex:i`)
  return lines.join('\n')
}

async function loadImage(path: string, kind: VirtualBoardKind) {
  const bytes = new Uint8Array(await readFile(path))
  return readFirmwareImage(bytes, detectImageFormat(path, bytes), {
    mcu: kind === 'uno' ? 'atmega328p' : kind,
    source: path,
  })
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done)
      process.off('SIGTERM', done)
      resolve()
    }
    process.once('SIGINT', done)
    process.once('SIGTERM', done)
  })
}
