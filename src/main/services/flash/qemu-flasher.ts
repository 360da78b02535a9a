import { FlashErrorCode } from '../../../shared/api/flash'
import { VirtualBoardsErrorCode } from '../../../shared/api/virtual-boards'
import { join } from 'node:path'
import { MoteFailure, throwIfCancelled } from '../../../shared/errors'
import type { FileSystem } from '../system/file-system'
import { harnessReplyTo, sendControlCommand } from '../virtual-boards/control-client'
import type { VirtualBoardRecord } from '../virtual-boards/virtual-board-registry'
import type { FirmwareImage } from '../firmware/firmware-image'
import type { FlashOptions, FlashResult, FlashTarget, Flasher } from './flasher'

export interface QemuFlasherDeps {
  /** The running virtual board behind a port (virtual-board-registry.ts `findBoardByPort`). */
  readonly findVirtual: (port: string) => Promise<VirtualBoardRecord | undefined>
  readonly fs: FileSystem
  /** Where the image is written for the board's owner to read. */
  readonly tempDir: string
  readonly now?: () => number
  /** Restarting QEMU and reading the memory back; generous for a loaded machine. */
  readonly loadTimeoutMs?: number
}

let uploads = 0

/**
 * "Flashing" a virtual Cortex-M board: the image goes to a file, the board's owner restarts QEMU on it and
 * reads the memory back through QMP (virtual-cortex-m.ts); the reply says whether it matched. The port
 * (the bridge's pseudo-terminal) stays the same throughout, so an open serial monitor keeps working.
 */
export class QemuFlasher implements Flasher {
  readonly protocol = 'qemu' as const

  constructor(private readonly deps: QemuFlasherDeps) {}

  async flash(image: FirmwareImage, target: FlashTarget, options: FlashOptions): Promise<FlashResult> {
    const now = this.deps.now ?? Date.now
    const started = now()
    const record = await this.deps.findVirtual(target.port)
    if (!record || record.kind === 'uno') {
      throw new MoteFailure(
        FlashErrorCode.VirtualBoardNotRunning,
        `No virtual Cortex-M board runs on ${target.port}; start one with \`mote virtual start m4\`.`,
      )
    }
    if (image.baseAddress !== 0) {
      throw new MoteFailure(
        FlashErrorCode.ImageOutOfRange,
        `${image.source} starts at 0x${image.baseAddress.toString(16)}, but ${record.boardId} runs code from 0x0; build it for this board.`,
      )
    }
    throwIfCancelled(options.cancellation, 'Flashing was cancelled before anything was written.')
    options.onProgress?.({ fraction: 0.1, phrase: 'Writing the image for QEMU' })
    await this.deps.fs.mkdir(this.deps.tempDir, { recursive: true })
    const path = join(this.deps.tempDir, `upload-${process.pid}-${uploads++}.bin`)
    await this.deps.fs.writeFile(path, image.bytes)
    try {
      options.onProgress?.({ fraction: 0.3, phrase: 'Restarting QEMU on the new image and reading it back' })
      const reply = await sendControlCommand(
        record.controlSocket,
        `load ${path}`,
        harnessReplyTo('load'),
        this.deps.loadTimeoutMs ?? 60_000,
      ).catch((error: unknown) => {
        throw new MoteFailure(
          FlashErrorCode.QemuLoadFailed,
          `The virtual board on ${target.port} did not take the image; restart it and flash again.`,
          String(error),
        )
      })
      if (reply.ok !== true) {
        const code =
          reply.code === VirtualBoardsErrorCode.LoadVerifyFailed
            ? FlashErrorCode.QemuVerifyFailed
            : FlashErrorCode.QemuLoadFailed
        throw new MoteFailure(code, String(reply.message ?? 'The virtual board refused the image.'))
      }
      options.onProgress?.({ fraction: 1, phrase: 'Done' })
      return {
        bytesWritten: image.bytes.length,
        verified: reply.verified === true,
        durationMs: now() - started,
        deviceIdentity: record.boardId,
      }
    } finally {
      await this.deps.fs.rm(path, { force: true }).catch(() => undefined)
    }
  }
}
