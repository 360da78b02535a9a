import type { CortexMKind } from '../../../shared/api/virtual-boards'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { ProcessRunner } from '../system/process-runner'
import { QmpClient } from './qmp-client'

/** The QEMU machine behind each virtual Cortex-M board, and where its code goes. */
export const CORTEX_M_MACHINES: Readonly<
  Record<CortexMKind, { readonly machine: string; readonly codeBytes: number }>
> = {
  m4: { machine: 'mps2-an386', codeBytes: 4 * 1024 * 1024 },
  m3: { machine: 'lm3s6965evb', codeBytes: 256 * 1024 },
}

/**
 * An image for a board with nothing flashed: initial SP 0x20010000, reset vector 0x9 (Thumb), and at 0x8
 * `wfi; b 0x8`, a core that sleeps (QEMU then idles). QEMU refuses to start an M-profile machine without an
 * image, and a real board straight from the factory does just as little.
 */
export function idleImage(): Uint8Array {
  return new Uint8Array([0x00, 0x00, 0x01, 0x20, 0x09, 0x00, 0x00, 0x00, 0x30, 0xbf, 0xfd, 0xe7])
}

export interface QemuLaunch {
  readonly qemuPath: string
  readonly kind: CortexMKind
  readonly dir: string
  readonly imagePath: string
  /** -icount shift: each instruction advances the virtual clock by 2^shift ns. */
  readonly icountShift: number
}

/**
 * The QEMU command line. The UART is a Unix socket server that waits for its client (`wait=on`): QEMU does
 * not start the guest until the UART bridge has connected, so no output exists before there is a reader.
 * `-icount shift=N,align=off,sleep=on`: while the guest runs, the virtual clock is a function of the
 * instructions executed (reproducible SysTick counts for code that does not wait); while it sleeps in
 * WFI, virtual time follows the wall clock and QEMU idles instead of spinning a host core (sleep=off would
 * skip idle time but keep a core busy). QMP on a second socket resets, stops and reads memory back.
 */
export function qemuArgs(launch: QemuLaunch): string[] {
  return [
    '-M',
    CORTEX_M_MACHINES[launch.kind].machine,
    '-display',
    'none',
    '-monitor',
    'none',
    '-chardev',
    `socket,id=uart0,path=${uartSocket(launch.dir)},server=on,wait=on`,
    '-serial',
    'chardev:uart0',
    '-qmp',
    `unix:${qmpSocket(launch.dir)},server=on,wait=off`,
    '-icount',
    `shift=${launch.icountShift},align=off,sleep=on`,
    '-kernel',
    launch.imagePath,
  ]
}

export const uartSocket = (dir: string): string => join(dir, 'uart.sock')
export const qmpSocket = (dir: string): string => join(dir, 'qmp.sock')

/** A running QEMU: its process and its QMP connection. */
export class QemuMachine {
  private stderr = ''

  private constructor(
    readonly child: ChildProcess,
    private readonly exited: Promise<number | null>,
  ) {
    child.stderr
      ?.setEncoding('utf8')
      .on('data', (t: string) => (this.stderr = (this.stderr + t).slice(-2000)))
  }

  qmp: QmpClient | undefined

  static spawn(runner: ProcessRunner, launch: QemuLaunch): QemuMachine {
    const child = runner.spawn(launch.qemuPath, qemuArgs(launch), { stdio: ['ignore', 'ignore', 'pipe'] })
    const exited = new Promise<number | null>((resolve) => {
      child.once('close', (code) => resolve(code))
      child.once('error', () => resolve(-1))
    })
    return new QemuMachine(child, exited)
  }

  get stderrTail(): string {
    return this.stderr.trim()
  }

  whenExited(): Promise<number | null> {
    return this.exited
  }

  async connectQmp(dir: string): Promise<void> {
    this.qmp = await QmpClient.connect(qmpSocket(dir))
  }

  /** Guest physical memory, through QMP `pmemsave` into a file that `read` then loads. */
  async readMemory(
    address: number,
    bytes: number,
    file: string,
    read: (path: string) => Promise<Uint8Array>,
  ): Promise<Uint8Array> {
    if (!this.qmp) throw new Error('QMP is not connected')
    await this.qmp.execute('pmemsave', { val: address, size: bytes, filename: file })
    return read(file)
  }

  async quit(timeoutMs = 3000): Promise<void> {
    await this.qmp?.execute('quit', undefined, 1000).catch(() => undefined)
    this.qmp?.close()
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs)
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM')
    await this.exited
    clearTimeout(timer)
  }
}
