import type { FlashResult } from '../../../shared/api/flash'
import type { CancellationToken } from '../../../shared/api/jobs'
import type { FirmwareImage } from '../firmware/firmware-image'

export interface FlashProgress {
  /** 0–1 over the whole operation (reset, erase, write, verify). */
  readonly fraction: number
  /** "Writing page 37 of 112", "Verifying page 3 of 112". */
  readonly phrase: string
}

export interface FlashTarget {
  /** Serial port path, drive mount point or USB device id, depending on the protocol. */
  readonly port: string
  readonly boardId: string
}

/**
 * One implementation per bootloader protocol (DESIGN.md §7.6): STK500v1, SAM-BA, UF2, DFU, ESP32 ROM
 * loader, QEMU load. Constants (timings, reset sequences, page sizes) live beside each implementation as
 * data. A flasher never hangs: every wait has a timeout, and `cancellation` is honoured between pages.
 * Errors are `MoteFailure`s in the 7xxx block with a sentence the user can act on.
 */
export interface Flasher {
  readonly protocol: FlashProtocol
  flash(image: FirmwareImage, target: FlashTarget, options: FlashOptions): Promise<FlashResult>
}

export interface FlashOptions {
  readonly onProgress?: (progress: FlashProgress) => void
  readonly cancellation?: CancellationToken
}

export type { FlashResult }

export type FlashProtocol = 'stk500v1' | 'sam-ba' | 'uf2' | 'dfu' | 'esp32' | 'qemu' | 'st-link' | 'cmsis-dap'
