/**
 * STK500 version 1, the subset that optiboot and ATmegaBOOT answer (Atmel AVR061, "STK500 Communication
 * Protocol"): every command ends with CRC_EOP (0x20); the bootloader answers INSYNC (0x14), the data, then
 * OK (0x10). Addresses in LOAD_ADDRESS are 16-bit words, little endian; lengths in PROG/READ_PAGE are bytes,
 * big endian, followed by the memory type ('F' flash).
 */
export const STK = {
  OK: 0x10,
  INSYNC: 0x14,
  CRC_EOP: 0x20,
  GET_SYNC: 0x30,
  GET_PARAMETER: 0x41,
  ENTER_PROGMODE: 0x50,
  LEAVE_PROGMODE: 0x51,
  LOAD_ADDRESS: 0x55,
  PROG_PAGE: 0x64,
  READ_PAGE: 0x74,
  READ_SIGN: 0x75,
  MEMTYPE_FLASH: 0x46,
  PARAM_SW_MAJOR: 0x81,
  PARAM_SW_MINOR: 0x82,
} as const

/** Timings, all in milliseconds. Every wait in the flasher uses one of these. */
export const STK_TIMING = {
  /** One sync attempt: the bootloader answers within a byte time; allow for a loaded machine. */
  syncReplyMs: 250,
  syncAttempts: 8,
  /** Rounds of (reset, sync attempts) before giving up. */
  resetRounds: 2,
  /** Pause between a sync that worked and the confirming one, for late answers to earlier attempts. */
  settleMs: 30,
  commandReplyMs: 1000,
  /** A page write erases and programs (about 4.5 ms on the chip) before answering. */
  pageWriteReplyMs: 2000,
} as const

export type StkTiming = { readonly [K in keyof typeof STK_TIMING]: number }

/** What the flasher must know about an AVR: its signature (datasheet "Signature Bytes") and page size. */
export interface AvrPart {
  readonly signature: readonly [number, number, number]
  readonly pageBytes: number
  readonly flashBytes: number
}

export const AVR_PARTS: Readonly<Record<string, AvrPart>> = {
  atmega328p: { signature: [0x1e, 0x95, 0x0f], pageBytes: 128, flashBytes: 32768 },
  atmega328: { signature: [0x1e, 0x95, 0x14], pageBytes: 128, flashBytes: 32768 },
  atmega328pb: { signature: [0x1e, 0x95, 0x16], pageBytes: 128, flashBytes: 32768 },
  atmega168: { signature: [0x1e, 0x94, 0x06], pageBytes: 128, flashBytes: 16384 },
  atmega168p: { signature: [0x1e, 0x94, 0x0b], pageBytes: 128, flashBytes: 16384 },
  atmega8: { signature: [0x1e, 0x93, 0x07], pageBytes: 64, flashBytes: 8192 },
  atmega32u4: { signature: [0x1e, 0x95, 0x87], pageBytes: 128, flashBytes: 32768 },
  atmega1280: { signature: [0x1e, 0x97, 0x03], pageBytes: 256, flashBytes: 131072 },
  atmega2560: { signature: [0x1e, 0x98, 0x01], pageBytes: 256, flashBytes: 262144 },
}

/** `atmega328p` for 1E 95 0F, or undefined for a signature we do not know. */
export function partForSignature(signature: Uint8Array): string | undefined {
  return Object.entries(AVR_PARTS).find(([, part]) => part.signature.every((b, i) => signature[i] === b))?.[0]
}

export function formatSignature(signature: Uint8Array | readonly number[]): string {
  return Array.from(signature, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ')
}
