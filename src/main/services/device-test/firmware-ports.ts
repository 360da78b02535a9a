import type { Board } from '../../../core/boards/types'
import { DeviceTestErrorCode } from '../../../shared/api/device-test'
import { MoteFailure } from '../../../shared/errors'

/**
 * The board ports of the Mote inference firmware (resources/firmware/inference/ports, docs/firmware.md
 * "Ports"): which port sources a board builds with, the defines that select its UART and clock, its
 * linker script, and what its cycle counter counts. Data only; inference-firmware.ts turns it into a
 * firmware project.
 */
export interface FirmwarePort {
  /** Folder under resources/firmware/inference/ports. */
  readonly dir: 'avr' | 'cortex-m'
  /** Port sources, relative to that folder. */
  readonly sources: readonly string[]
  readonly defines: Readonly<Record<string, number>>
  /** Linker script in the port folder (Cortex-M), or none (avr-gcc's default for the MCU). */
  readonly linkerScript?: string
  /** The longest frame the firmware receives: a Load chunk is this minus 8 bytes. */
  readonly frameBytes: number
  /** What port_cycles() counts (MOTE_CYCLES_CPU = 1, MOTE_CYCLES_INSTRUCTIONS = 2). */
  readonly cycleKind: 1 | 2
  /** The capture firmware's sampler serves the live input (A0… on the ATmega328P); synthetic elsewhere. */
  readonly analogSampler: boolean
  /** The serial port's baud rate (the QEMU machines ignore it). */
  readonly baudRate: number
  /** The clock the firmware really runs at, when the port does not set the catalog's (default: the catalog's). */
  readonly clockHz?: number
  /** The DSP build: integer-only where there is no FPU (AVR, Cortex-M3, the soft-float virtual M4). */
  readonly numeric: 'fixed' | 'float'
}

const CYCLES_CPU = 1
const CYCLES_INSTRUCTIONS = 2

/** Cortex-M machines by catalog id: the board header's selector and the linker script. */
const CORTEX_M: Readonly<
  Record<string, { define: string; script: string; cycles: 1 | 2; clockHz?: number }>
> = {
  'virtual-m4': { define: 'MOTE_BOARD_MPS2_AN386', script: 'qemu.ld', cycles: CYCLES_INSTRUCTIONS },
  'virtual-m3': { define: 'MOTE_BOARD_LM3S6965', script: 'qemu.ld', cycles: CYCLES_INSTRUCTIONS },
  // The port leaves the STM32L4R5 on its 4 MHz MSI clock out of reset (RM0432 6.2.3): no PLL set-up yet.
  'nucleo-l4r5zi': {
    define: 'MOTE_BOARD_NUCLEO_L4R5ZI',
    script: 'stm32l4r5.ld',
    cycles: CYCLES_CPU,
    clockHz: 4_000_000,
  },
  'microbit-v2': { define: 'MOTE_BOARD_MICROBIT_V2', script: 'nrf52833.ld', cycles: CYCLES_CPU },
}

/** The boards Mote builds bare-metal inference firmware for, in catalog ids. */
export const INFERENCE_FIRMWARE_BOARDS = [
  'uno',
  'nano',
  'nano-ch340',
  'virtual-uno',
  ...Object.keys(CORTEX_M),
]

/**
 * The port of `board`. The ATmega328P boards share one port; RAM is the constraint there, so frames are
 * short (a 2 KB Uno cannot spare 250 bytes for a receive buffer) and the sampler's ring is small.
 */
export function firmwarePortOf(board: Board): FirmwarePort {
  if (board.mcu === 'atmega328p') {
    return {
      dir: 'avr',
      sources: ['port_avr.c', '../../../capture-uno/sampler.c'],
      defines: { SAMPLER_MAX_CHANNELS: 3, SAMPLER_RING: 8, MOTE_WEIGHTS_IN_PROGMEM: 1 },
      frameBytes: 72,
      cycleKind: CYCLES_CPU,
      analogSampler: true,
      baudRate: 500_000,
      numeric: 'fixed',
    }
  }
  const machine = CORTEX_M[board.id]
  if (machine === undefined) {
    throw new MoteFailure(
      DeviceTestErrorCode.UnsupportedBoard,
      `Mote builds its own firmware for the Uno, the Nano, the Nucleo-L4R5ZI, the micro:bit v2 and the virtual boards; for the ${board.name}, export the Arduino library and build its example sketch.`,
    )
  }
  return {
    dir: 'cortex-m',
    sources: ['startup.c', 'port_cortex_m.c'],
    defines: { [machine.define]: 1 },
    linkerScript: machine.script,
    frameBytes: 250,
    cycleKind: machine.cycles,
    analogSampler: false,
    baudRate: 115_200,
    ...(machine.clockHz === undefined ? {} : { clockHz: machine.clockHz }),
    numeric: board.toolchain.cflags.includes('-mfloat-abi=hard') ? 'float' : 'fixed',
  }
}
