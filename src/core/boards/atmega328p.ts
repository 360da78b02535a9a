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
  toolchain: { family: 'avr', cflags: ['-mmcu=atmega328p', '-DF_CPU=16000000UL'] },
} as const satisfies Partial<Board>

/** Optiboot on the 328P (the Uno's, and the virtual Uno's): 512 bytes at the top, 115200 baud. */
export const OPTIBOOT_328P = {
  bootloaderBytes: 512,
  flashLayout: { appStartAddress: 0, appEndAddress: 32256, pageBytes: 128, uploadBaud: 115_200 },
} as const satisfies { bootloaderBytes: number; flashLayout: FlashLayout }
