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
  /** What this id means: the board's own app mode, its bootloader, or a generic adapter that many boards use. */
  readonly mode: 'application' | 'bootloader'
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
