import type { Board, FlashLayout } from './types'

/**
 * The ATmega328P at 16 MHz and 5 V that the Uno, the Nanos and the virtual Uno share (datasheet: 32 KiB
 * flash, 2 KiB SRAM), with the flags that select it: written once, spread into each of their entries.
 */
export const ATMEGA328P_16MHZ = {
  mcu: 'atmega328p',
  core: 'avr8',
  clockHz: 16_000_000,
  sramBytes: 2048,
  flashBytes: 32768,
  supplyVolts: 5,
  // Active: Table 29-8's 5.2 mA at 8 MHz and 5 V, doubled for 16 MHz (current scales with the clock, Figure 31-2).
  power: {
    activeAmps: 10.4e-3,
    sleepAmps: 4.2e-6,
    sleepMode: 'power-down, watchdog on',
    // Speed grade: 16 MHz needs about 3.8 V (§29.3: 10 MHz from 2.7 V, 20 MHz from 4.5 V, linear between).
    minVolts: 3.8,
    source: 'atmega328p-ds-power',
  },
  // The AVR fetches from flash in one cycle at any rated clock: no wait states.
  flashWaitStates: { states: 0, cached: false },
  toolchain: { family: 'avr', cflags: ['-mmcu=atmega328p', '-DF_CPU=16000000UL'] },
} as const satisfies Partial<Board>

/** Optiboot on the 328P (the Uno's, and the virtual Uno's): 512 bytes at the top, 115200 baud. */
export const OPTIBOOT_328P = {
  bootloaderBytes: 512,
  flashLayout: { appStartAddress: 0, appEndAddress: 32256, pageBytes: 128, uploadBaud: 115_200 },
} as const satisfies { bootloaderBytes: number; flashLayout: FlashLayout }
