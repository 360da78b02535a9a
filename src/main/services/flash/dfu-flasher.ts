import { FlashErrorCode } from '../../../shared/api/flash'
import { findBoard } from '../../../core/boards/board-lookup'
import type { Board } from '../../../core/boards/types'
import type { CancellationToken } from '../../../shared/api/jobs'
import { isMoteFailure, MoteFailure, throwIfCancelled } from '../../../shared/errors'
import { realSleep } from './bootloader-port'
import {
  DfuState,
  DFUSE_VERSION,
  DfuseCommand,
  parseDfuInterfaces,
  parseDfuseLayout,
  sectorsToErase,
  type DfuInterface,
} from './dfu-protocol'
import {
  DfuError,
  DfuSession,
  readConfigurationDescriptor,
  readStringDescriptor,
  type DfuUsbDevice,
} from './dfu-session'
import type { FirmwareImage } from '../firmware/firmware-image'
import type { FlashOptions, FlashResult, FlashTarget, Flasher } from './flasher'
import { checkImageRange, flashCancelled } from './image-window'

export type DfuDeviceSource = () => Promise<readonly DfuUsbDevice[]>

export interface DfuFlasherDeps {
  readonly devices: DfuDeviceSource
  readonly sleep?: (ms: number) => Promise<void>
  readonly now?: () => number
}

type Report = (fraction: number, phrase: string) => void
interface Ctx {
  readonly session: DfuSession
  readonly dfu: DfuInterface
  readonly report: Report
  readonly cancellation: CancellationToken | undefined
}

/**
 * USB DFU 1.1 with ST's DfuSe extensions (the STM32 system bootloader, 0483:df11). DfuSe (bcdDFUVersion
 * 0x011A): erase the sectors the image covers, then per transfer-size block SET_ADDRESS + DNLOAD block 2,
 * read back with UPLOAD and compare, and leave with SET_ADDRESS + a zero-length DNLOAD (the device jumps to
 * the application). Plain DFU 1.1: DNLOAD blocks 0..n, a zero-length DNLOAD, manifestation; read-back only
 * when the device is manifestation-tolerant and can upload. Every step is bounded by a deadline.
 */
export class DfuFlasher implements Flasher {
  readonly protocol = 'dfu' as const

  constructor(private readonly deps: DfuFlasherDeps) {}

  async flash(image: FirmwareImage, target: FlashTarget, options: FlashOptions): Promise<FlashResult> {
    const now = this.deps.now ?? Date.now
    const started = now()
    const board = findBoard(target.boardId)
    const layout = board?.flashLayout
    if (
      board === undefined ||
      layout === undefined ||
      !(board.flashProtocol === 'dfu' || board.otherFlashProtocols?.includes('dfu'))
    ) {
      throw new MoteFailure(
        FlashErrorCode.BoardNotSupported,
        `Board "${target.boardId}" has no DFU bootloader that Mote knows; pick its own flash method.`,
      )
    }
    checkImageRange(image, layout, board.name)
    const report: Report = (fraction, phrase) => options.onProgress?.({ fraction, phrase })
    const device = await this.findDevice(board, target.port)
    try {
      await device.open()
      const dfu = await this.claim(device, board)
      const session = new DfuSession(device, dfu.interfaceNumber, this.deps.sleep ?? realSleep, now)
      await session.toIdle()
      const ctx: Ctx = { session, dfu, report, cancellation: options.cancellation }
      const dfuse = dfu.dfuVersion === DFUSE_VERSION
      const verified = dfuse ? await this.flashDfuse(ctx, device, image) : await this.flashPlain(ctx, image)
      report(1, 'Starting the application')
      return {
        bytesWritten: image.bytes.length,
        verified,
        durationMs: now() - started,
        deviceIdentity: describeDevice(device, dfu),
      }
    } catch (error) {
      throw translate(error, board)
    } finally {
      await device.close().catch(() => undefined)
    }
  }

  private async findDevice(board: Board, port: string): Promise<DfuUsbDevice> {
    let all: readonly DfuUsbDevice[]
    try {
      all = await this.deps.devices()
    } catch (error) {
      throw new MoteFailure(
        FlashErrorCode.UsbUnavailable,
        'USB devices cannot be reached on this computer, so DFU flashing is not possible here.',
        String(error),
      )
    }
    const ids = board.usbIds.filter((id) => id.mode === 'bootloader')
    const candidates = all.filter((d) => ids.some((id) => id.vid === d.vendorId && id.pid === d.productId))
    const serial = port.split(':').at(-1) ?? ''
    const chosen =
      candidates.find((d) => d.serialNumber && d.serialNumber === serial) ??
      (candidates.length === 1 ? candidates[0] : undefined)
    if (chosen !== undefined) return chosen
    throw new MoteFailure(
      FlashErrorCode.DfuDeviceNotFound,
      candidates.length > 1
        ? `${candidates.length} DFU bootloaders are connected; pick the one to flash in the device list.`
        : `No ${board.name} in DFU mode was found. Set BOOT0 high (jumper), press reset, and flash again.`,
    )
  }

  private async claim(device: DfuUsbDevice, board: Board): Promise<DfuInterface> {
    const interfaces = parseDfuInterfaces(await readConfigurationDescriptor(device)).filter(
      (i) => i.protocol === 2 && i.canDownload,
    )
    const dfu = interfaces.find((i) => i.alternateSetting === 0) ?? interfaces[0]
    if (dfu === undefined)
      throw new MoteFailure(
        FlashErrorCode.DfuNoInterface,
        `This USB device is not a DFU bootloader; is it really a ${board.name} in DFU mode?`,
      )
    if (device.configuration?.configurationValue !== 1) await device.selectConfiguration(1)
    await device.claimInterface(dfu.interfaceNumber)
    await device.selectAlternateInterface(dfu.interfaceNumber, dfu.alternateSetting)
    return dfu
  }

  private async flashDfuse(ctx: Ctx, device: DfuUsbDevice, image: FirmwareImage): Promise<boolean> {
    const { session, dfu, report } = ctx
    const layout = parseDfuseLayout(await readStringDescriptor(device, dfu.nameIndex))
    const end = image.baseAddress + image.bytes.length
    const sectors = sectorsToErase(layout.segments, image.baseAddress, end)
    for (const [i, sector] of sectors.entries()) {
      throwIfCancelled(ctx.cancellation, flashCancelled(`after erasing ${i} of ${sectors.length} sectors`))
      await session.dfuseCommand(DfuseCommand.ERASE, sector)
      report((0.2 * (i + 1)) / sectors.length, `Erasing sector ${i + 1} of ${sectors.length}`)
    }
    const blocks = Math.ceil(image.bytes.length / dfu.transferSize)
    for (let i = 0; i < blocks; i++) {
      await this.cancelPoint(ctx, `after ${i} of ${blocks} blocks`)
      await session.setAddress(image.baseAddress + i * dfu.transferSize)
      await session.download(2, image.bytes.subarray(i * dfu.transferSize, (i + 1) * dfu.transferSize))
      report(0.2 + (0.5 * (i + 1)) / blocks, `Writing block ${i + 1} of ${blocks}`)
    }
    await session.setAddress(image.baseAddress)
    await session.abort()
    for (let i = 0; i < blocks; i++) {
      await this.cancelPoint(ctx, `while verifying block ${i + 1} of ${blocks}`)
      const expected = image.bytes.subarray(i * dfu.transferSize, (i + 1) * dfu.transferSize)
      compare(
        await session.upload(i + 2, expected.length),
        expected,
        image.baseAddress + i * dfu.transferSize,
      )
      report(0.7 + (0.3 * (i + 1)) / blocks, `Verifying block ${i + 1} of ${blocks}`)
    }
    await session.abort()
    await session.setAddress(image.baseAddress)
    await leave(session)
    return true
  }

  private async flashPlain(ctx: Ctx, image: FirmwareImage): Promise<boolean> {
    const { session, dfu, report } = ctx
    const blocks = Math.ceil(image.bytes.length / dfu.transferSize)
    for (let i = 0; i < blocks; i++) {
      await this.cancelPoint(ctx, `after ${i} of ${blocks} blocks`)
      await session.download(i, image.bytes.subarray(i * dfu.transferSize, (i + 1) * dfu.transferSize))
      report((0.7 * (i + 1)) / blocks, `Writing block ${i + 1} of ${blocks}`)
    }
    const state = await manifest(session, dfu, blocks)
    if (!(dfu.manifestationTolerant && dfu.canUpload && state === DfuState.dfuIDLE)) return false
    for (let i = 0; i < blocks; i++) {
      const expected = image.bytes.subarray(i * dfu.transferSize, (i + 1) * dfu.transferSize)
      compare(await session.upload(i, expected.length), expected, i * dfu.transferSize)
      report(0.7 + (0.3 * (i + 1)) / blocks, `Verifying block ${i + 1} of ${blocks}`)
    }
    await session.abort()
    return true
  }

  /** On cancellation the device is returned to dfuIDLE first, so the next attempt starts clean. */
  private async cancelPoint(ctx: Ctx, where: string): Promise<void> {
    if (ctx.cancellation?.aborted !== true) return
    await ctx.session.abort().catch(() => undefined)
    throwIfCancelled(ctx.cancellation, flashCancelled(where))
  }
}

/**
 * DFU 1.1 end of download: a zero-length DNLOAD, then GETSTATUS through manifestation until dfuIDLE
 * (manifestation-tolerant) or dfuMANIFEST-WAIT-RESET. A device that is not tolerant may reset and leave the
 * bus instead of answering; that is success, reported as `undefined` (nothing to verify against).
 */
async function manifest(
  session: DfuSession,
  dfu: DfuInterface,
  blockNumber: number,
): Promise<number | undefined> {
  try {
    return (
      await session.download(blockNumber, new Uint8Array(0), [
        DfuState.dfuIDLE,
        DfuState.dfuMANIFEST_WAIT_RESET,
      ])
    ).state
  } catch (error) {
    if (dfu.manifestationTolerant || error instanceof DfuError) throw error
    return undefined
  }
}

/** The zero-length DNLOAD that makes a DfuSe device jump to the address; it may vanish mid-answer. */
async function leave(session: DfuSession): Promise<void> {
  try {
    await session.download(0, new Uint8Array(0), [
      DfuState.dfuMANIFEST,
      DfuState.dfuMANIFEST_WAIT_RESET,
      DfuState.dfuIDLE,
    ])
  } catch {
    // The STM32 bootloader resets during manifestation; a lost answer here is the expected outcome.
  }
}

function compare(actual: Uint8Array, expected: Uint8Array, address: number): void {
  const at = expected.findIndex((b, i) => actual[i] !== b)
  if (at >= 0 || actual.length < expected.length) {
    throw new MoteFailure(
      FlashErrorCode.VerifyFailed,
      `Verification failed at 0x${(address + Math.max(at, 0)).toString(16)}: the flash does not hold the image. Flash again.`,
    )
  }
}

function describeDevice(device: DfuUsbDevice, dfu: DfuInterface): string {
  const id = `${device.vendorId.toString(16).padStart(4, '0')}:${device.productId.toString(16).padStart(4, '0')}`
  return `${id} DFU ${(dfu.dfuVersion >> 8).toString(16)}.${(dfu.dfuVersion & 0xff).toString(16).padStart(2, '0')}${device.serialNumber ? ` serial ${device.serialNumber}` : ''}`
}

function translate(error: unknown, board: Board): unknown {
  if (isMoteFailure(error)) return error
  if (error instanceof DfuError) {
    return new MoteFailure(
      FlashErrorCode.DfuStatusError,
      `The DFU bootloader of ${board.name} refused the flash (${error.message}); reset it into DFU mode and try again.`,
      error.message,
    )
  }
  if (error instanceof RangeError || error instanceof SyntaxError) {
    return new MoteFailure(
      FlashErrorCode.ImageOutOfRange,
      `The image does not fit the memory this DFU bootloader offers (${error.message}); build it for ${board.name}.`,
    )
  }
  return new MoteFailure(
    FlashErrorCode.PortGone,
    `${board.name} stopped answering over USB during flashing; plug it back in, enter DFU mode and flash again.`,
    String(error),
  )
}

/** DFU devices from the `usb` package (v3, WebUSB API). Rejects when the machine has no USB bus. */
export const nodeDfuDevices: DfuDeviceSource = async () => {
  const { WebUSB } = await import('usb')
  const devices = await new WebUSB({ allowAllDevices: true }).getDevices()
  return devices as unknown as readonly DfuUsbDevice[]
}
