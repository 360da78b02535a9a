import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { JobInfo } from './jobs'
import { boardIdSchema } from './devices'

/**
 * Flash errors: the 7xxx block (docs/architecture.md, docs/boards.md). 7001–7099 mean the same for every
 * flasher; 7500–7599 are particular to one protocol. A cancelled flash is `JobsErrorCode.Cancelled`.
 */
export const FlashErrorCode = {
  /** The bootloader did not answer (or stopped answering). */
  NoBootloaderAnswer: 7001,
  /** The chip the bootloader reports is not the one the board or the image is for. */
  WrongMcu: 7002,
  /** The flash read back differs from the image. */
  VerifyFailed: 7003,
  /** The board went away while flashing (unplugged, port closed). */
  PortGone: 7004,
  PortOpenFailed: 7005,
  /** The image does not fit the board's application window (it would overwrite the bootloader). */
  ImageOutOfRange: 7006,
  /** The bootloader answered out of step. */
  ProtocolError: 7008,
  /** The file is not a firmware image (or a damaged one). */
  InvalidImage: 7009,
  /** The board could not be put into its bootloader. */
  ResetFailed: 7010,
  /** This flasher does not flash this board, or its bootloader lacks the commands Mote needs. */
  BoardNotSupported: 7011,
  /** No board with that id in the catalog. */
  UnknownBoard: 7012,
  /** Mote has no flasher for the board's protocol yet. */
  NoFlasher: 7013,
  FileUnreadable: 7014,
  /** No bootloader port appeared after the reset touch. */
  BootloaderNotFound: 7015,
  /** A file picked for flashing that is not firmware for the board (a text file, another board's .bin). */
  NotFirmware: 7016,
  VirtualBoardNotRunning: 7020,
  QemuLoadFailed: 7021,
  QemuVerifyFailed: 7022,
  Uf2DriveNotFound: 7520,
  /** A drive appeared but is not the board's bootloader drive. */
  Uf2WrongDrive: 7521,
  Uf2CopyFailed: 7522,
  /** The board did not restart after the copy. */
  Uf2NoRestart: 7523,
  DfuDeviceNotFound: 7540,
  DfuStatusError: 7541,
  DfuNoInterface: 7542,
  /** USB access is not available on this computer (no libusb, no permission). */
  UsbUnavailable: 7543,
  Esp32ConnectFailed: 7560,
  Esp32FlashFailed: 7562,
  /** No debug-probe drive (ST-LINK, DAPLink) is mounted, or several are and none was named. */
  ProbeDriveNotFound: 7580,
  /** The firmware file could not be written to the probe's drive. */
  ProbeCopyFailed: 7581,
  /** The probe wrote FAIL.TXT: it refused the file. */
  ProbeRefused: 7582,
} as const

export const flashFileSchema = z
  .object({
    /** A .hex, .elf or .bin on this computer. */
    file: z.string().min(1).max(4096),
    /** The board's port (serial path, drive, or `usb:` id for DFU). */
    port: z.string().min(1).max(512),
    boardId: boardIdSchema,
  })
  .strict()
export type FlashFileRequest = z.infer<typeof flashFileSchema>

/** What a finished flash reports (the job's result). */
export interface FlashResult {
  readonly bytesWritten: number
  readonly verified: boolean
  readonly durationMs: number
  /** The device's own identity when the protocol has one (an AVR signature, a chip id). */
  readonly deviceIdentity?: string
}

export interface FlashService {
  /**
   * Flashes a firmware file to a board through its bootloader protocol, as a job: progress per page in the
   * status bar, cancellable with Esc. Resolves at once with the job; its result is the `FlashResult`.
   */
  flashFile(request: FlashFileRequest): Promise<JobInfo>
}

export const flashContract: ServiceContract<FlashService> = {
  name: 'flash',
  methods: { flashFile: z.tuple([flashFileSchema]) },
  events: [],
}
