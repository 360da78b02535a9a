/**
 * A board is data (DESIGN.md §3). Every figure names its source in docs/boards.md. The cost model is per
 * core family (cost-model.ts), not per board.
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

/**
 * What a board draws (DESIGN.md §3), for the energy estimate: typical supply currents at `supplyVolts`
 * and the board's clock, of the microcontroller alone (a board's regulator, LEDs and USB bridge are not
 * counted). Each figure's datasheet table is named in docs/boards.md under `source`.
 */
export interface PowerFigures {
  /** Core running code from flash at `clockHz`. */
  readonly activeAmps: number
  /** Between inferences: the lowest mode that keeps SRAM and a wake-up timer running. */
  readonly sleepAmps: number
  /** The name of that mode in the datasheet ("power-down, watchdog on"). */
  readonly sleepMode: string
  /** The lowest supply the MCU runs at this clock: a cell below it needs a boost converter. */
  readonly minVolts: number
  /** Key into docs/boards.md's sources. */
  readonly source: string
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
  /**
   * arduino-cli's fully qualified board name (`vendor:architecture:board[:options]`) in the board's Arduino
   * core, for building an exported Arduino library's example (docs/export.md); absent where we know none.
   */
  readonly arduinoFqbn?: string
  /** Virtual boards run in simavr or QEMU on this computer. */
  readonly virtual?: boolean
  /** Supply currents for the energy estimate; absent for an emulated machine with no datasheet. */
  readonly power?: PowerFigures
  /**
   * Flash wait states at `clockHz` and whether a flash cache or accelerator hides them from loops
   * (src/core/boards/estimate-latency.ts applies them; sources in docs/boards.md).
   */
  readonly flashWaitStates?: { readonly states: number; readonly cached: boolean }
  /** Short keys into docs/boards.md's source table for every figure above. */
  readonly sources: readonly string[]
}
