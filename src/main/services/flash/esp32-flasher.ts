import { FlashErrorCode } from '../../../shared/api/flash'
import { createHash } from 'node:crypto'
import type * as Esptool from 'esptool-js'
import { findBoard } from '../../../core/boards/board-lookup'
import type { Board } from '../../../core/boards/types'
import { isMoteFailure, MoteFailure, throwIfCancelled } from '../../../shared/errors'
import { realSleep } from './bootloader-port'
import type { FirmwareImage } from '../firmware/firmware-image'
import type { FlashOptions, FlashResult, FlashTarget, Flasher } from './flasher'
import { checkImageRange, flashCancelled } from './image-window'
import type { SerialOpener } from '../serial/serial-port'
import { WebSerialAdapter, type SerialPortUsbInfo } from './web-serial-adapter'

export interface Esp32FlasherDeps {
  readonly opener: SerialOpener
  /** The port's USB ids, for esptool-js's USB-JTAG detection; absent ids mean a USB-serial bridge. */
  readonly portInfo?: (path: string) => Promise<SerialPortUsbInfo>
  /** Baud rate after the stub is running (the ROM loader always starts at 115200). */
  readonly baudRate?: number
  /** esptool-js's console lines ("Chip is ESP32-D0WD (revision 1)", "Hash of data verified."). */
  readonly onLog?: (line: string) => void
}

type EsptoolModule = typeof Esptool
type HardResetFactory = NonNullable<Esptool.ResetConstructors['hardReset']>
interface RtsTransport {
  setRTS(state: boolean): Promise<void>
}

const ROM_BAUD = 115_200

/**
 * ESP32 through Espressif's esptool-js: its Transport runs on a `serialport`-backed Web Serial adapter,
 * its classic DTR/RTS sequence resets the chip into the ROM download mode, its stub flasher writes the
 * compressed image, and its MD5 check verifies it. Cancellation is honoured between 16 KB blocks.
 */
export class Esp32Flasher implements Flasher {
  readonly protocol = 'esp32' as const

  constructor(private readonly deps: Esp32FlasherDeps) {}

  async flash(image: FirmwareImage, target: FlashTarget, options: FlashOptions): Promise<FlashResult> {
    const started = Date.now()
    const board = esp32Board(target.boardId)
    checkImageRange(image, board.flashLayout!, board.name)
    const report = (fraction: number, phrase: string) => options.onProgress?.({ fraction, phrase })
    const esptool: EsptoolModule = await import('esptool-js')
    const adapter = new WebSerialAdapter(
      this.deps.opener,
      target.port,
      (await this.deps.portInfo?.(target.port)) ?? {},
    )
    const transport = new (quietTransport(esptool))(
      adapter as unknown as ConstructorParameters<EsptoolModule['Transport']>[0],
      false,
    )
    const loader = new esptool.ESPLoader({
      transport,
      baudrate: this.deps.baudRate ?? 460_800,
      romBaudrate: ROM_BAUD,
      terminal: terminal(this.deps.onLog),
      // esptool-js types the constructor as returning its own HardReset class; only `reset()` is ever called.
      resetConstructors: {
        hardReset: ((t: RtsTransport) => new RtsPulseReset(t)) as unknown as HardResetFactory,
      },
    })
    try {
      report(0, 'Resetting into the ROM loader')
      const description = await loader.main('default_reset')
      if (loader.chip.CHIP_NAME !== 'ESP32') {
        throw new MoteFailure(
          FlashErrorCode.WrongMcu,
          `This is an ${loader.chip.CHIP_NAME}, not the ESP32 of ${board.name}; pick the board that is plugged in.`,
        )
      }
      report(0.1, 'Writing')
      await loader.writeFlash({
        fileArray: [{ data: image.bytes, address: image.baseAddress }],
        flashMode: 'keep',
        flashFreq: 'keep',
        flashSize: 'keep',
        eraseAll: false,
        compress: true,
        reportProgress: (_file, written, total) => {
          throwIfCancelled(
            options.cancellation,
            flashCancelled(`after ${written} of ${total} compressed bytes`),
          )
          report(
            0.1 + (0.85 * written) / Math.max(total, 1),
            `Writing ${Math.round((100 * written) / Math.max(total, 1))}%`,
          )
        },
        calculateMD5Hash: (data) => createHash('md5').update(data).digest('hex'),
      })
      report(0.97, 'Restarting the board')
      await loader.after('hard_reset')
      report(1, 'Done')
      return {
        bytesWritten: image.bytes.length,
        verified: true,
        durationMs: Date.now() - started,
        deviceIdentity: description,
      }
    } catch (error) {
      throw translate(error, adapter, board, target.port)
    } finally {
      // esptool-js's disconnect waits for its streams to unlock; bound it so that a wedged port never hangs us.
      await Promise.race([transport.disconnect().catch(() => undefined), realSleep(2000)])
      await adapter.close().catch(() => undefined)
    }
  }
}

/** esptool-js's Transport prints trace lines to the console even with tracing off; this one does not. */
function quietTransport(esptool: EsptoolModule) {
  return class QuietTransport extends esptool.Transport {
    override trace(message: string): void {
      if (this.tracing) super.trace(message)
    }
  }
}

/** esptool.py's HardReset: RTS high pulls EN low, RTS low releases it with IO0 high, so the app boots. */
class RtsPulseReset {
  constructor(private readonly transport: RtsTransport) {}
  async reset(): Promise<void> {
    await this.transport.setRTS(true)
    await realSleep(100)
    await this.transport.setRTS(false)
  }
}

function terminal(onLog: ((line: string) => void) | undefined) {
  let partial = ''
  return {
    clean: () => undefined,
    write: (data: string) => {
      partial += data
    },
    writeLine: (data: string) => {
      onLog?.(partial + data)
      partial = ''
    },
  }
}

function esp32Board(boardId: string): Board {
  const board = findBoard(boardId)
  if (board === undefined || board.flashProtocol !== 'esp32' || board.flashLayout === undefined) {
    throw new MoteFailure(
      FlashErrorCode.BoardNotSupported,
      `Board "${boardId}" is not an ESP32; pick its own flash method.`,
    )
  }
  return board
}

function translate(error: unknown, adapter: WebSerialAdapter, board: Board, port: string): unknown {
  if (isMoteFailure(error)) return error
  const message = error instanceof Error ? error.message : String(error)
  if (adapter.lostError !== undefined) {
    return new MoteFailure(
      FlashErrorCode.PortGone,
      `${board.name} disconnected during flashing (${port}); plug it back in and flash again.`,
      message,
    )
  }
  if (/Failed to connect/i.test(message)) {
    return new MoteFailure(
      FlashErrorCode.Esp32ConnectFailed,
      `No answer from the ESP32 ROM loader on ${port}. Hold BOOT, press and release EN, release BOOT, then flash again.`,
      message,
    )
  }
  if (/MD5/.test(message)) {
    return new MoteFailure(
      FlashErrorCode.VerifyFailed,
      'The flash does not hold the image after writing (MD5 mismatch). Flash again; check the USB cable.',
      message,
    )
  }
  return new MoteFailure(
    FlashErrorCode.Esp32FlashFailed,
    `Flashing ${board.name} on ${port} failed: ${message}. Flash again.`,
    message,
  )
}
