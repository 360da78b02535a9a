import { VIRTUAL_BOARD_IDS } from '../../../core/boards/catalog-virtual'
import type { CortexMKind } from '../../../shared/api/virtual-boards'
import { VirtualBoardsErrorCode } from '../../../shared/api/virtual-boards'
import { join } from 'node:path'
import { MoteFailure } from '../../../shared/errors'
import type { FirmwareImage } from '../firmware/firmware-image'
import type { FileSystem } from '../system/file-system'
import type { ProcessRunner } from '../system/process-runner'
import type { NativeProgram } from '../toolchain/native-builds'
import { ControlServer } from './control-server'
import { LineProcess } from './line-process'
import { CORTEX_M_MACHINES, idleImage, QemuMachine, uartSocket } from './qemu-machine'
import { removeBoardRecord, writeBoardRecord } from './virtual-board-registry'
import type { VirtualBoardInfo } from './virtual-uno'

export interface VirtualCortexMOptions {
  readonly kind: CortexMKind
  readonly toolchain: { uartBridge(): Promise<NativeProgram> }
  readonly runner: ProcessRunner
  readonly fs: FileSystem
  readonly runtimeDir: string
  readonly qemuPath: string
  /** -icount shift (default 0: one instruction = 1 ns of virtual time). */
  readonly icountShift?: number
  readonly startTimeoutMs?: number
}

export interface LoadResult {
  readonly bytes: number
  readonly verified: boolean
}

/**
 * A virtual Cortex-M board: QEMU (mps2-an386 or lm3s6965evb) behind a UART bridge that owns a stable
 * pseudo-terminal. "Flashing" writes the image, restarts QEMU on it and reads the memory back through QMP
 * to verify; the port stays the same across restarts. Other processes reach `load` and `reset` through the
 * board's control socket (control-server.ts), as they reach the virtual Uno's harness.
 */
export class VirtualCortexM {
  private bridge: LineProcess | undefined
  private machine: QemuMachine | undefined
  private server: ControlServer | undefined
  private loads = 0
  private info: VirtualBoardInfo
  private readonly dir: string

  constructor(private readonly options: VirtualCortexMOptions) {
    this.dir = join(options.runtimeDir, options.kind)
    this.info = {
      kind: options.kind,
      boardId: VIRTUAL_BOARD_IDS[options.kind],
      state: 'stopped',
      port: join(this.dir, 'tty'),
      pty: '',
      controlSocket: join(this.dir, 'control.sock'),
      virtual: true,
    }
  }

  get state(): VirtualBoardInfo {
    return this.info
  }

  /** Starts the board running `image` (an idle loop when none is given). */
  async start(image?: FirmwareImage): Promise<VirtualBoardInfo> {
    if (this.info.state === 'running') return this.info
    this.info = { ...this.info, state: 'starting' }
    try {
      const pty = await this.startBridge()
      await this.boot(image?.bytes ?? idleImage(), image ? image.baseAddress : 0)
      this.server = await ControlServer.listen(this.info.controlSocket, this.options.fs, {
        load: (bytes) =>
          this.load({ bytes, baseAddress: 0, mcu: this.options.kind, source: 'control socket' }),
        reset: () => this.reset(),
      })
      this.info = { ...this.info, state: 'running', pty, pid: process.pid }
      await writeBoardRecord(this.options.fs, this.options.runtimeDir, {
        kind: this.options.kind,
        boardId: this.info.boardId,
        port: this.info.port,
        pty: this.info.pty,
        controlSocket: this.info.controlSocket,
        pid: process.pid,
        startedAt: Date.now(),
      })
      return this.info
    } catch (error) {
      await this.stop()
      this.info = { ...this.info, state: 'failed' }
      if (error instanceof MoteFailure) throw error
      throw new MoteFailure(
        VirtualBoardsErrorCode.StartFailed,
        `The virtual ${this.options.kind.toUpperCase()} did not start; run \`mote doctor\` to check QEMU.`,
        String(error),
      )
    }
  }

  /** Starts the UART bridge; resolves with its pseudo-terminal. */
  private async startBridge(): Promise<string> {
    await this.options.fs.mkdir(this.dir, { recursive: true })
    const program = await this.options.toolchain.uartBridge()
    const bridge = LineProcess.spawn(this.options.runner, program.path, ['--pty-link', this.info.port])
    this.bridge = bridge
    const ready = await bridge.waitFor(
      (l) => l.event === 'ready' || l.event === 'error',
      5000,
      'the UART bridge',
    )
    if (ready.event !== 'ready') throw new Error(String(ready.message))
    return String(ready.pty)
  }

  /** Writes the image, restarts QEMU on it, and verifies what QEMU holds at the image's addresses. */
  async load(image: FirmwareImage): Promise<LoadResult> {
    // A board whose QEMU crashed ('failed') can be flashed back to life while its bridge still runs.
    if (!this.bridge?.running || this.info.state === 'stopped') {
      throw new MoteFailure(
        VirtualBoardsErrorCode.NotRunning,
        'The virtual board is not running; start it first.',
      )
    }
    const limit = CORTEX_M_MACHINES[this.options.kind].codeBytes
    if (image.baseAddress !== 0 || image.bytes.length > limit) {
      throw new MoteFailure(
        VirtualBoardsErrorCode.ImageNotLoadable,
        `${image.source} spans 0x${image.baseAddress.toString(16)}–0x${(image.baseAddress + image.bytes.length).toString(16)}; ` +
          `this board runs code from 0x0 to 0x${limit.toString(16)}. Build it with the board's linker script.`,
      )
    }
    const old = this.machine
    this.machine = undefined
    await old?.quit()
    await this.boot(image.bytes, 0)
    if (this.info.state === 'failed') this.info = { ...this.info, state: 'running' }
    const readBack = await this.readBack(image.bytes.length)
    const at = readBack.findIndex((b, i) => b !== image.bytes[i])
    if (at >= 0)
      throw new MoteFailure(
        VirtualBoardsErrorCode.LoadVerifyFailed,
        `QEMU holds 0x${readBack[at]?.toString(16)} at 0x${at.toString(16)} instead of the image's byte; load again.`,
      )
    return { bytes: image.bytes.length, verified: true }
  }

  async reset(): Promise<void> {
    if (!this.machine?.qmp)
      throw new MoteFailure(
        VirtualBoardsErrorCode.NotRunning,
        'The virtual board is not running; start it first.',
      )
    await this.machine.qmp.execute('system_reset')
  }

  async stop(): Promise<void> {
    await this.server?.close()
    this.server = undefined
    const machine = this.machine
    this.machine = undefined
    await machine?.quit().catch(() => undefined)
    this.bridge?.send('quit')
    await this.bridge?.stop().catch(() => undefined)
    this.bridge = undefined
    if (this.info.state !== 'stopped')
      await removeBoardRecord(this.options.fs, this.options.runtimeDir, this.options.kind).catch(
        () => undefined,
      )
    this.info = { ...this.info, state: 'stopped', pty: '' }
  }

  /** Starts QEMU on `bytes` at `baseAddress` and connects the bridge (QEMU waits for it before running). */
  private async boot(bytes: Uint8Array, baseAddress: number): Promise<void> {
    if (baseAddress !== 0)
      throw new MoteFailure(
        VirtualBoardsErrorCode.ImageNotLoadable,
        'This board runs code from address 0; rebuild the image for it.',
      )
    const imagePath = join(this.dir, `image-${this.loads++ % 2}.bin`)
    await this.options.fs.writeFile(imagePath, bytes)
    await this.options.fs.rm(uartSocket(this.dir), { force: true })
    const machine = QemuMachine.spawn(this.options.runner, {
      qemuPath: this.options.qemuPath,
      kind: this.options.kind,
      dir: this.dir,
      imagePath,
      icountShift: this.options.icountShift ?? 0,
    })
    this.machine = machine
    void machine.whenExited().then(() => {
      // QEMU ended without us asking (a crash, a kill): the board is gone until started again.
      if (this.machine === machine && this.info.state === 'running')
        this.info = { ...this.info, state: 'failed' }
    })
    const bridge = this.bridge
    if (!bridge) throw new Error('the UART bridge is not running')
    const connected = bridge.waitFor(
      (l) => l.event === 'connected' || l.event === 'error',
      this.options.startTimeoutMs ?? 10_000,
      'QEMU',
    )
    bridge.send(`connect ${uartSocket(this.dir)}`)
    const reply = await Promise.race([
      connected,
      machine.whenExited().then((code) => ({ event: 'exited', code })),
    ])
    if (reply.event !== 'connected')
      throw new Error(`QEMU did not start (${JSON.stringify(reply)}): ${machine.stderrTail}`)
    await machine.connectQmp(this.dir)
  }

  private async readBack(bytes: number): Promise<Uint8Array> {
    const file = join(this.dir, 'readback.bin')
    const machine = this.machine
    if (!machine)
      throw new MoteFailure(
        VirtualBoardsErrorCode.NotRunning,
        'The virtual board is not running; start it first.',
      )
    return machine.readMemory(
      0,
      bytes,
      file,
      async (path) => new Uint8Array(await this.options.fs.readFile(path)),
    )
  }
}
