import type { UsbId } from './types'

/**
 * USB identities shared by many boards: USB-serial bridges and debug probes. A board that talks through one
 * of these keeps the same id in application and bootloader mode (`mode: 'both'`), and a bridge alone says
 * nothing about the board behind it, so bridges are `ambiguous`: the user is asked which board it is.
 * Sources: docs/boards.md, keys `linux-usb-serial` and `usb-ids`.
 */

/** WCH CH340/CH341 (clone Nanos, many ESP32 boards). Most CH340s have no serial number. */
export const CH340: UsbId = {
  vid: 0x1a86,
  pid: 0x7523,
  mode: 'both',
  ambiguous: true,
  note: 'USB serial (CH340)',
}

/** WCH CH9102, the CH340's successor on newer ESP32 DevKits. */
export const CH9102: UsbId = {
  vid: 0x1a86,
  pid: 0x55d4,
  mode: 'both',
  ambiguous: true,
  note: 'USB serial (CH9102)',
}

/** Silicon Labs CP2102/CP2104 (Espressif's ESP32-DevKitC). */
export const CP210X: UsbId = {
  vid: 0x10c4,
  pid: 0xea60,
  mode: 'both',
  ambiguous: true,
  note: 'USB serial (CP210x)',
}

/** FTDI FT232R (the original Arduino Nano 3.x). */
export const FT232R: UsbId = {
  vid: 0x0403,
  pid: 0x6001,
  mode: 'both',
  ambiguous: true,
  note: 'USB serial (FTDI FT232R)',
}

/** ST-LINK/V2-1, the on-board probe of many Nucleo-64/144 boards: it does not say which Nucleo it is. */
export const STLINK_V2_1: UsbId = {
  vid: 0x0483,
  pid: 0x374b,
  mode: 'both',
  ambiguous: true,
  note: 'ST-LINK/V2-1 probe',
}

/** The STM32 system-memory bootloader in USB DFU mode (DfuSe), entered with BOOT0 high. */
export const STM32_DFU: UsbId = {
  vid: 0x0483,
  pid: 0xdf11,
  mode: 'bootloader',
  note: 'STM32 system bootloader (DfuSe)',
}

/** The RP2040 boot ROM in BOOTSEL mode: the RPI-RP2 mass-storage drive plus PICOBOOT. */
export const RP2040_BOOTSEL: UsbId = {
  vid: 0x2e8a,
  pid: 0x0003,
  mode: 'bootloader',
  note: 'RP2040 BOOTSEL (RPI-RP2 drive)',
}

/** The micro:bit's KL27 interface chip running DAPLink (MICROBIT drive, CMSIS-DAP, serial). */
export const DAPLINK_MICROBIT: UsbId = {
  vid: 0x0d28,
  pid: 0x0204,
  mode: 'both',
  note: 'DAPLink (MICROBIT drive)',
}
