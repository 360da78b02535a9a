import { VIRTUAL_BOARD_IDS } from '../../../core/boards/catalog-virtual'
import type { VirtualBoardKind } from '../../../shared/api/virtual-boards'
import { VirtualBoardsErrorCode } from '../../../shared/api/virtual-boards'
import { join } from 'node:path'
import { MoteFailure } from '../../../shared/errors'
import type { FileSystem } from '../system/file-system'
import type { ProcessRunner } from '../system/process-runner'
import type { NativeProgram } from '../toolchain/native-builds'
import { harnessReplyTo, sendControlCommand } from './control-client'
import { parseHarnessEvent, type HarnessEvent, type MarkerEvent } from './harness-events'
import { LineProcess, type JsonLine } from './line-process'
import { removeBoardRecord, writeBoardRecord } from './virtual-board-registry'

export type VirtualBoardState = 'stopped' | 'starting' | 'running' | 'failed'

export interface VirtualBoardInfo {
  readonly kind: VirtualBoardKind
  readonly boardId: string
  readonly state: VirtualBoardState
  /** The port to open: a stable symlink to the pseudo-terminal. */
  readonly port: string
  readonly pty: string
  readonly controlSocket: string
  readonly pid?: number
  readonly virtual: true
}

export interface VirtualUnoOptions {
  readonly toolchain: {
    virtualUnoHarness(): Promise<NativeProgram>
    optiboot(): Promise<NativeProgram>
  }
  readonly runner: ProcessRunner
  readonly fs: FileSystem
  /** Holds the port link, the control socket and the board record (`<runtime>/uno`). */
  readonly runtimeDir: string
  /** Keep the flash between runs in this file (a real Uno keeps its program when unplugged). */
  readonly flashImagePath?: string
  /** Run faster than real time (simulated 16 MHz against the wall clock otherwise). */
  readonly pacing?: boolean
  readonly adcSignalPath?: string
  readonly startTimeoutMs?: number
}

const COMMAND_TIMEOUT_MS = 5000

/**
 * The virtual Uno: the simavr harness (ATmega328P at 16 MHz, optiboot, UART0 on a pseudo-terminal).
 * A program opening the port resets it into optiboot as DTR does on a real Uno; `reset()` does the same
 * through the control channel. Marker events report exact cycle counts between the firmware's markers.
 */
export class VirtualUno {
  private process: LineProcess | undefined
  private stopping = false
  private info: VirtualBoardInfo
  private readonly listeners = new Set<(event: HarnessEvent) => void>()

  constructor(private readonly options: VirtualUnoOptions) {
    const dir = join(options.runtimeDir, 'uno')
    this.info = {
      kind: 'uno',
      boardId: VIRTUAL_BOARD_IDS.uno,
      state: 'stopped',
      port: join(dir, 'tty'),
      pty: '',
      controlSocket: join(dir, 'control.sock'),
      virtual: true,
    }
  }

  get state(): VirtualBoardInfo {
    return this.info
  }

  async start(): Promise<VirtualBoardInfo> {
    if (this.process?.running) return this.info
    this.info = { ...this.info, state: 'starting' }
    try {
      const process = await this.spawnHarness()
      const ready = await process.waitFor(
        (l) => l.event === 'ready' || l.event === 'error',
        this.options.startTimeoutMs ?? 10_000,
        'the harness to start',
      )
      if (ready.event === 'error') throw new Error(String(ready.message))
      this.info = {
        ...this.info,
        state: 'running',
        pty: String(ready.pty),
        ...(process.pid ? { pid: process.pid } : {}),
      }
      await writeBoardRecord(this.options.fs, this.options.runtimeDir, {
        kind: 'uno',
        boardId: VIRTUAL_BOARD_IDS.uno,
        port: this.info.port,
        pty: this.info.pty,
        controlSocket: this.info.controlSocket,
        pid: process.pid ?? 0,
        startedAt: Date.now(),
      })
      void process.whenExited().then(() => this.onExit())
      return this.info
    } catch (error) {
      await this.process?.stop().catch(() => undefined)
      this.info = { ...this.info, state: 'failed' }
      if (error instanceof MoteFailure) throw error
      throw new MoteFailure(
        VirtualBoardsErrorCode.StartFailed,
        'The virtual Uno did not start; run `mote doctor` to check simavr.',
        String(error),
      )
    }
  }

  /** Builds (or finds cached) the harness and optiboot, and starts the harness on them. */
  private async spawnHarness(): Promise<LineProcess> {
    const [harness, optiboot] = await Promise.all([
      this.options.toolchain.virtualUnoHarness(),
      this.options.toolchain.optiboot(),
    ])
    await this.options.fs.mkdir(join(this.options.runtimeDir, 'uno'), { recursive: true })
    const args = [
      '--bootloader',
      optiboot.path,
      '--pty-link',
      this.info.port,
      '--control',
      this.info.controlSocket,
    ]
    if (this.options.flashImagePath) args.push('--flash-image', this.options.flashImagePath)
    if (this.options.adcSignalPath) args.push('--adc', this.options.adcSignalPath)
    if (this.options.pacing === false) args.push('--no-pacing')
    const process = LineProcess.spawn(this.options.runner, harness.path, args)
    this.process = process
    process.onLine((line) => this.onLine(line))
    return process
  }

  async stop(): Promise<void> {
    this.stopping = true
    await this.process?.stop()
    await this.onExit()
    this.stopping = false
  }

  /** An external reset (EXTRF), as the RESET pin: optiboot waits for an upload, then starts the program. */
  async reset(): Promise<void> {
    await this.command('reset')
  }

  /** Feeds the ADC inputs from a signal file (format in docs/virtual-boards.md); `loop` repeats it. */
  async loadSignal(path: string, loop = false): Promise<void> {
    const reply = await this.command(`adc ${path}${loop ? ' loop' : ''}`)
    if (reply.ok !== true)
      throw new MoteFailure(
        VirtualBoardsErrorCode.SignalFileRejected,
        `The signal file was refused: ${String(reply.message)}.`,
      )
  }

  onEvent(listener: (event: HarnessEvent) => void): { dispose(): void } {
    this.listeners.add(listener)
    return { dispose: () => this.listeners.delete(listener) }
  }

  /** The next event that `match` accepts, or a timeout. */
  waitForEvent<T extends HarnessEvent>(match: (e: HarnessEvent) => e is T, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose()
        reject(new Error(`no matching event from the virtual Uno within ${timeoutMs} ms`))
      }, timeoutMs)
      const sub = this.onEvent((event) => {
        if (!match(event)) return
        clearTimeout(timer)
        sub.dispose()
        resolve(event)
      })
    })
  }

  /** The next cycle-marker measurement. */
  nextMarker(timeoutMs = 5000): Promise<MarkerEvent> {
    return this.waitForEvent((e): e is MarkerEvent => e.event === 'marker', timeoutMs)
  }

  private async command(line: string): Promise<JsonLine> {
    const process = this.process
    if (!process?.running)
      throw new MoteFailure(
        VirtualBoardsErrorCode.NotRunning,
        'The virtual Uno is not running; start it first.',
      )
    try {
      return await sendControlCommand(this.info.controlSocket, line, harnessReplyTo(line), COMMAND_TIMEOUT_MS)
    } catch (error) {
      throw new MoteFailure(
        VirtualBoardsErrorCode.ControlFailed,
        `The virtual Uno did not answer "${line}".`,
        String(error),
      )
    }
  }

  private onLine(line: JsonLine): void {
    const event = parseHarnessEvent(line)
    if (event) for (const listener of this.listeners) listener(event)
  }

  /** The harness ended: asked to (`stopped`) or not (`failed`: killed, crashed, its port gone). */
  private async onExit(): Promise<void> {
    if (this.info.state === 'stopped' || this.info.state === 'failed') return
    this.info = { ...this.info, state: this.stopping ? 'stopped' : 'failed', pty: '' }
    this.process = undefined
    await removeBoardRecord(this.options.fs, this.options.runtimeDir, 'uno').catch(() => undefined)
  }
}
