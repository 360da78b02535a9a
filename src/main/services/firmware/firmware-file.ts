import { UF2Flags, decodeBlock, isUF2Block } from 'uf2'
import type { Board } from '../../../core/boards/types'
import { MoteFailure } from '../../../shared/errors'
import { FlashErrorCode } from '../../../shared/api/flash'
import { isElf } from './elf-reader'
import { readFirmwareImage, type FirmwareImage, type ImageFormat } from './firmware-image'

const EXTENSIONS: Readonly<Record<string, ImageFormat>> = {
  hex: 'hex',
  ihex: 'hex',
  elf: 'elf',
  axf: 'elf',
  uf2: 'uf2',
  bin: 'bin',
}

/**
 * Reads a file the user picked to flash, refusing anything that is not firmware for this board before a
 * byte is written: the name must say Intel HEX (.hex), ELF (.elf), UF2 (.uf2) or raw binary (.bin), the
 * content must be that format, and a .bin — which says nothing about itself — must fit the board: its
 * size within the application flash, and its start a vector table the board's core would boot from.
 */
export function readFirmwareFile(name: string, bytes: Uint8Array, board: Board): FirmwareImage {
  const format = formatOf(name, board)
  checkContent(name, bytes, format)
  if (format === 'bin') checkBinaryFits(name, bytes, board)
  if (format === 'uf2') checkUf2Family(name, bytes, board)
  return readFirmwareImage(bytes, format, {
    mcu: board.mcu,
    source: name,
    baseAddress: board.flashLayout?.appStartAddress ?? 0,
  })
}

function formatOf(name: string, board: Board): ImageFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''
  const format = EXTENSIONS[extension]
  if (format === undefined)
    throw notFirmware(
      `${name} is not a firmware file. Pick the .hex, .elf, .uf2 or .bin that a build for the ${board.name} wrote.`,
    )
  return format
}

const FORMAT_NAMES: Readonly<Record<ImageFormat, string>> = {
  hex: 'an Intel HEX file',
  elf: 'an ELF file',
  uf2: 'a UF2 file',
  bin: 'a raw firmware binary',
}

function checkContent(name: string, bytes: Uint8Array, format: ImageFormat): void {
  if (bytes.length === 0) throw notFirmware(`${name} is empty; build the firmware again.`)
  const text = looksLikeText(bytes)
  const matches = {
    hex: () => text && firstText(bytes).startsWith(':'),
    elf: () => isElf(bytes),
    uf2: () => bytes.length % 512 === 0 && isUF2Block(bytes.subarray(0, 512)),
    bin: () => !text,
  }[format]()
  if (matches) return
  const holds = text ? `text that starts with "${firstText(bytes).slice(0, 40)}"` : 'something else'
  throw notFirmware(
    `${name} is named like ${FORMAT_NAMES[format]} but holds ${holds}, so it is not firmware. Pick the file the firmware build wrote.`,
  )
}

/** A .bin carries no address or target: check it fits the board's application flash and boots its core. */
function checkBinaryFits(name: string, bytes: Uint8Array, board: Board): void {
  const layout = board.flashLayout
  const capacity = layout
    ? layout.appEndAddress - layout.appStartAddress
    : board.flashBytes - (board.bootloaderBytes ?? 0)
  if (bytes.length > capacity)
    throw notFirmware(
      `${name} is ${bytes.length} bytes, more than the ${capacity} bytes of flash the ${board.name} has for programs; it was built for another board.`,
    )
  const core = board.core
  const boots =
    core === 'avr8'
      ? avrVectorTable(bytes)
      : core === 'xtensa-lx6'
        ? bytes[0] === 0xe9
        : core.startsWith('cortex')
          ? [0, 0x100].some((offset) => armVectorTable(bytes, offset))
          : true
  if (!boots)
    throw notFirmware(
      `${name} does not start with the ${core === 'xtensa-lx6' ? 'ESP32 image header' : 'vector table'} the ${board.name} boots from, so it is not firmware for it. Pick the .bin a build for this board wrote.`,
    )
}

/** A .uf2 names its chip family in every block; one for another family would not boot. */
function checkUf2Family(name: string, bytes: Uint8Array, board: Board): void {
  const want = board.flashLayout?.uf2?.familyId
  const block = decodeBlock(bytes.subarray(0, 512))
  if (want === undefined || (block.flags & UF2Flags.familyIDPresent) === 0) return
  if (block.boardFamily !== want)
    throw notFirmware(
      `${name} is a UF2 file for another chip family (0x${block.boardFamily.toString(16)}), not the ${board.name}'s ${board.mcu}; build it for this board.`,
    )
}

/** An AVR program starts with its reset vector: a `jmp` (0x940C/0x940D) or an `rjmp` (0xCxxx). */
function avrVectorTable(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false
  const word = bytes[0]! | (bytes[1]! << 8)
  return (word & 0xfe0e) === 0x940c || (word & 0xf000) === 0xc000
}

/**
 * A Cortex-M vector table: the initial stack pointer in the SRAM regions (0x1000_0000–0x4000_0000, word
 * aligned) and a Thumb reset address (odd). At offset 0x100 on the RP2040, after its second-stage boot.
 */
function armVectorTable(bytes: Uint8Array, offset: number): boolean {
  if (bytes.length < offset + 8) return false
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8)
  const stack = view.getUint32(0, true)
  const reset = view.getUint32(4, true)
  return stack >= 0x1000_0000 && stack <= 0x4000_0000 && stack % 4 === 0 && reset % 2 === 1
}

function firstText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 256))
    .trimStart()
    .split(/\r?\n/)[0]!
}

/**
 * Text, not machine code: the first 512 bytes are valid UTF-8 (a character cut at the end is fine) with no
 * control characters but tabs and line ends. Machine code is full of zero bytes and invalid sequences.
 */
function looksLikeText(bytes: Uint8Array): boolean {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 512), { stream: true })
  } catch {
    return false
  }
  for (const c of text) {
    const code = c.charCodeAt(0)
    if ((code < 0x20 && c !== '\t' && c !== '\n' && c !== '\r') || code === 0x7f) return false
  }
  return true
}

function notFirmware(message: string): MoteFailure {
  return new MoteFailure(FlashErrorCode.NotFirmware, message)
}
