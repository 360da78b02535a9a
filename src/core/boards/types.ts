/**
 * A board is data (DESIGN.md §3). Every figure names its source in docs/boards.md. The cost-model and
 * power fields are filled by the estimator work; they are optional here so that the catalog can grow.
 */

export type CpuCore =
  | 'avr8'
  | 'cortex-m0plus'
  | 'cortex-m3'
  | 'cortex-m4'
  | 'cortex-m4f'
  | 'cortex-m33'
  | 'cortex-m7'
  | 'xtensa-lx6'
  | 'riscv32'

export type FlashProtocolId =
  'stk500v1' | 'sam-ba' | 'uf2' | 'dfu' | 'esp32' | 'qemu' | 'cmsis-dap' | 'st-link'

/** A USB identity, as the board enumerates in one mode. */
export interface UsbId {
  readonly vid: number
  readonly pid: number
  /**
   * What this id means: the board's own application (sketch) mode, its bootloader, or `both` when a separate
   * chip owns the USB port (a USB-serial bridge, ST-LINK, DAPLink) so the id does not change on reset.
   */
  readonly mode: 'application' | 'bootloader' | 'both'
  /** True for adapters shared by many boards (CH340, CP210x, FTDI): the user is asked which board it is. */
  readonly ambiguous?: boolean
  readonly note?: string
}

export interface CostModel {
  /** Cycles per int8 multiply-accumulate in the reference kernels, by op family. */
  readonly cyclesPerMac: Readonly<Record<string, number>>
  /** Fixed cycles per op invocation (loop set-up, requantization per output element is separate). */
  readonly cyclesPerOp: number
  readonly cyclesPerOutputElement: number
}

/**
 * The parts of a board's memory map and bootloader that a flasher must know. Addresses are absolute (the
 * MCU's address space), sizes in bytes.
 */
export interface FlashLayout {
  /** First address the application may occupy (the bootloader lives below it). */
  readonly appStartAddress: number
  /** One past the last address the application may occupy. */
  readonly appEndAddress: number
  /** The smallest unit the bootloader writes; images are padded with 0xFF to a multiple of it. */
  readonly pageBytes: number
  /** Serial bootloaders: the baud rate the bootloader listens at (optiboot 115200, old ATmegaBOOT 57600). */
  readonly uploadBaud?: number
  /** SAM-BA/bossa: the chip the bootloader must report (DSU DID with DIE/REV masked, or the `I#` name). */
  readonly sambaChip?: { readonly dsuDid?: number; readonly identify?: string }
  /**
   * SAM-BA/bossa: the address bossac sends for `appStartAddress` (equal to it on SAMD, where addresses are
   * absolute; 0 on the Nano 33 BLE, whose bootloader maps its own window) and the SRAM buffer that `S`
   * fills before `Y` copies it to flash (bossa alternates between it and the next `chunkBytes`).
   */
  readonly samba?: {
    readonly addressBase: number
    readonly bufferAddress: number
    readonly chunkBytes: number
  }
  /** UF2: family id written in every block, and `Board-ID` expected in the drive's INFO_UF2.TXT. */
  readonly uf2?: { readonly familyId: number; readonly boardId: string; readonly volumeLabel: string }
}

export interface Board {
  readonly id: string
  readonly name: string
  readonly vendor: string
  readonly mcu: string
  readonly core: CpuCore
  readonly clockHz: number
  readonly sramBytes: number
  readonly flashBytes: number
  /** Bytes of flash taken by the bootloader, not available to the application. */
  readonly bootloaderBytes?: number
  readonly supplyVolts: number
  readonly usbIds: readonly UsbId[]
  readonly flashProtocol: FlashProtocolId
  /** Toolchain family and the flags that select this MCU. */
  readonly toolchain: {
    readonly family: 'avr' | 'arm' | 'esp32' | 'none'
    readonly cflags: readonly string[]
    readonly ldflags?: readonly string[]
  }
  /** Other ways to write this board (e.g. the STM32 system bootloader's DFU beside the ST-LINK). */
  readonly otherFlashProtocols?: readonly FlashProtocolId[]
  /** Where the application image goes and protocol details the flashers need; absent for virtual boards. */
  readonly flashLayout?: FlashLayout
  /** Virtual boards run in simavr or QEMU on this computer. */
  readonly virtual?: boolean
  /** Filled by the estimator issue; absent until then. */
  readonly power?: {
    readonly activeCurrentAmps: number
    readonly sleepCurrentAmps: number
  }
  readonly costModel?: CostModel
  /** Short keys into docs/boards.md's source table for every figure above. */
  readonly sources: readonly string[]
}
