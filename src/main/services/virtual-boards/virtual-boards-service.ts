import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { VIRTUAL_BOARD_IDS } from '../../../core/boards/catalog-virtual'
import {
  VIRTUAL_BOARD_KINDS,
  VirtualBoardsErrorCode,
  type CortexMKind,
  type VirtualBoardKind,
} from '../../../shared/api/virtual-boards'
import { MoteFailure } from '../../../shared/errors'
import type { VirtualBoardPort } from '../devices/device-sources'
import type { FirmwareImage } from '../firmware/firmware-image'
import type { FileSystem } from '../system/file-system'
import type { ProcessRunner } from '../system/process-runner'
import type { NativeProgram } from '../toolchain/native-builds'
import { checkAvailability, type Availability } from './availability'
import { VirtualCortexM } from './virtual-cortex-m'
import {
  findBoardByPort,
  listBoardRecords,
  processIsAlive,
  type VirtualBoardRecord,
} from './virtual-board-registry'
import { VirtualUno, type VirtualBoardInfo } from './virtual-uno'

export interface VirtualBoardsServiceOptions {
  readonly toolchain: {
    virtualUnoHarness(): Promise<NativeProgram>
    optiboot(): Promise<NativeProgram>
    uartBridge(): Promise<NativeProgram>
    locate(family: 'avr'): Promise<unknown>
  }
  readonly runner: ProcessRunner
  readonly fs: FileSystem
  /** Ports, sockets and records of running boards: `defaultVirtualRuntimeDir()`. */
  readonly runtimeDir: string
  readonly searchPath?: string
  readonly platform?: NodeJS.Platform
  readonly qemuCommand?: string
  /** Where the virtual Uno keeps its flash between runs (under the user's cache folder). */
  readonly unoFlashImagePath?: string
  readonly icountShift?: number
}

export interface StartOptions {
  /** Cortex-M: the image to run from the start (else an idle loop). */
  readonly image?: FirmwareImage
  /** Uno: false runs the simulation as fast as the host allows. */
  readonly pacing?: boolean
  /** Uno: a signal file for the ADC inputs. */
  readonly adcSignalPath?: string
}

type Board = VirtualUno | VirtualCortexM

/** How long an availability answer is reused: the device list asks every 500 ms. */
const AVAILABILITY_TTL_MS = 30_000

/** Starts, stops and lists the virtual boards of this process; finds any process's board by its port. */
export class VirtualBoardsService {
  private readonly boards = new Map<VirtualBoardKind, Board>()
  private readonly availabilityCache = new Map<
    VirtualBoardKind,
    { at: number; answer: Promise<Availability> }
  >()

  constructor(private readonly options: VirtualBoardsServiceOptions) {}

  availability(kind: VirtualBoardKind): Promise<Availability> {
    return checkAvailability(kind, {
      fs: this.options.fs,
      platform: this.options.platform ?? process.platform,
      searchPath: this.options.searchPath ?? process.env.PATH ?? '',
      hasAvrToolchain: async () => (await this.options.toolchain.locate('avr')) !== undefined,
      qemuCommand: this.options.qemuCommand ?? 'qemu-system-arm',
    })
  }

  async start(kind: VirtualBoardKind, options: StartOptions = {}): Promise<VirtualBoardInfo> {
    const existing = this.boards.get(kind)
    if (existing && existing.state.state === 'running') return existing.state
    const availability = await this.availability(kind)
    if (!availability.available) {
      throw new MoteFailure(
        VirtualBoardsErrorCode.Unavailable,
        availability.reason ?? 'This virtual board is not available here.',
      )
    }
    const board = kind === 'uno' ? this.makeUno(options) : this.makeCortexM(kind)
    this.boards.set(kind, board)
    return board instanceof VirtualUno ? board.start() : board.start(options.image)
  }

  /**
   * Every virtual board for the device list (devices' `VirtualBoardsProvider`): running ones — in this
   * process or another — with their port, the others with whether they could start here and why not.
   */
  async ports(): Promise<VirtualBoardPort[]> {
    const records = await listBoardRecords(this.options.fs, this.options.runtimeDir, processIsAlive)
    return Promise.all(
      VIRTUAL_BOARD_KINDS.map(async (kind): Promise<VirtualBoardPort> => {
        const boardId = VIRTUAL_BOARD_IDS[kind]
        const own = this.boards.get(kind)?.state
        const port = own?.state === 'running' ? own.port : records.find((r) => r.kind === kind)?.port
        if (port) return { boardId, portPath: port, available: true }
        const availability = await this.cachedAvailability(kind)
        return {
          boardId,
          available: availability.available,
          ...(availability.reason ? { reason: availability.reason } : {}),
        }
      }),
    )
  }

  private cachedAvailability(kind: VirtualBoardKind): Promise<Availability> {
    const cached = this.availabilityCache.get(kind)
    if (cached && Date.now() - cached.at < AVAILABILITY_TTL_MS) return cached.answer
    const answer = this.availability(kind)
    this.availabilityCache.set(kind, { at: Date.now(), answer })
    return answer
  }

  async stop(kind: VirtualBoardKind): Promise<void> {
    await this.boards.get(kind)?.stop()
    this.boards.delete(kind)
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.boards.keys()].map((kind) => this.stop(kind)))
  }

  list(): VirtualBoardInfo[] {
    return [...this.boards.values()].map((b) => b.state)
  }

  uno(): VirtualUno | undefined {
    const board = this.boards.get('uno')
    return board instanceof VirtualUno ? board : undefined
  }

  cortexM(kind: CortexMKind): VirtualCortexM | undefined {
    const board = this.boards.get(kind)
    return board instanceof VirtualCortexM ? board : undefined
  }

  /** The running virtual board (of this or another process) behind a port path. */
  findByPort(port: string): Promise<VirtualBoardRecord | undefined> {
    return findBoardByPort(this.options.fs, this.options.runtimeDir, port, processIsAlive)
  }

  private makeUno(options: StartOptions): VirtualUno {
    return new VirtualUno({
      toolchain: this.options.toolchain,
      runner: this.options.runner,
      fs: this.options.fs,
      runtimeDir: this.options.runtimeDir,
      ...(this.options.unoFlashImagePath ? { flashImagePath: this.options.unoFlashImagePath } : {}),
      ...(options.pacing === undefined ? {} : { pacing: options.pacing }),
      ...(options.adcSignalPath ? { adcSignalPath: options.adcSignalPath } : {}),
    })
  }

  private makeCortexM(kind: CortexMKind): VirtualCortexM {
    return new VirtualCortexM({
      kind,
      toolchain: this.options.toolchain,
      runner: this.options.runner,
      fs: this.options.fs,
      runtimeDir: this.options.runtimeDir,
      qemuPath: this.options.qemuCommand ?? 'qemu-system-arm',
      ...(this.options.icountShift === undefined ? {} : { icountShift: this.options.icountShift }),
    })
  }
}

/** `<tmp>/mote-<uid>/virtual`: short enough for Unix socket paths (108 bytes), private to the user. */
export function defaultVirtualRuntimeDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user'
  return join(tmpdir(), `mote-${uid}`, 'virtual')
}
