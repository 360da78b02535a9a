import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { findBoard } from '../../../../src/core/boards/board-lookup'
import type { Board } from '../../../../src/core/boards/types'
import { MoteFailure } from '../../../../src/shared/errors'
import { FlashErrorCode } from '../../../../src/shared/api/flash'
import { readFirmwareFile } from '../../../../src/main/services/firmware/firmware-file'
import { RP2040_FAMILY_ID, buildUf2 } from '../../../../src/main/services/firmware/uf2'

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../toolchain/fixtures/${name}`, import.meta.url)))
const text = (s: string) => new TextEncoder().encode(s)
const board = (id: string): Board => findBoard(id)!

function refusal(name: string, bytes: Uint8Array, boardId: string): MoteFailure {
  try {
    readFirmwareFile(name, bytes, board(boardId))
  } catch (error) {
    expect(error).toBeInstanceOf(MoteFailure)
    return error as MoteFailure
  }
  throw new Error(`${name} was accepted`)
}

describe('files picked for flashing', () => {
  it('accepts the blink-echo builds as .hex, .elf and .bin for the boards they were built for', () => {
    const uno = fixture('blink-echo-uno.bin')
    for (const name of ['blink-echo-uno.hex', 'blink-echo-uno.elf', 'blink-echo-uno.bin'])
      expect(Array.from(readFirmwareFile(name, fixture(name), board('uno')).bytes)).toEqual(Array.from(uno))
    const m4 = readFirmwareFile('blink-echo-m4.bin', fixture('blink-echo-m4.bin'), board('virtual-m4'))
    expect(Array.from(m4.bytes)).toEqual(Array.from(fixture('blink-echo-m4.bin')))
  })

  it('reads a .uf2 for the Pico back into the image it was built from, at its flash address', () => {
    const program = fixture('blink-echo-m4.bin')
    const uf2 = buildUf2(program, 0x1000_0000, RP2040_FAMILY_ID)
    const image = readFirmwareFile('blink.uf2', uf2, board('pico'))
    expect(image.baseAddress).toBe(0x1000_0000)
    expect(Array.from(image.bytes.subarray(0, program.length))).toEqual(Array.from(program))
  })

  it('refuses a file whose name is not a firmware format, naming the formats it takes', () => {
    const error = refusal('notes.txt', text('hello'), 'uno')
    expect(error.code).toBe(FlashErrorCode.NotFirmware)
    expect(error.message).toBe(
      'notes.txt is not a firmware file. Pick the .hex, .elf, .uf2 or .bin that a build for the Arduino Uno wrote.',
    )
  })

  it('refuses a text file named .bin or .hex, quoting how it starts', () => {
    const readme = text('# My sketch\nThis reads the accelerometer (A0–A2, ±2 g) and prints it.\n'.repeat(4))
    expect(refusal('sketch.bin', readme, 'uno').message).toBe(
      'sketch.bin is named like a raw firmware binary but holds text that starts with "# My sketch", so it is not firmware. Pick the file the firmware build wrote.',
    )
    expect(refusal('sketch.hex', readme, 'uno').message).toMatch(
      /^sketch.hex is named like an Intel HEX file/,
    )
  })

  it('refuses an .elf or .uf2 that is not one', () => {
    expect(refusal('app.elf', fixture('blink-echo-uno.bin'), 'uno').message).toMatch(
      /^app.elf is named like an ELF file but holds something else/,
    )
    expect(refusal('app.uf2', fixture('blink-echo-m4.bin'), 'pico').message).toMatch(/like a UF2 file/)
  })

  it('refuses a .bin larger than the board’s program flash', () => {
    const big = new Uint8Array(40_000)
    big.set(fixture('blink-echo-uno.bin'))
    expect(refusal('big.bin', big, 'uno').message).toBe(
      'big.bin is 40000 bytes, more than the 32256 bytes of flash the Arduino Uno has for programs; it was built for another board.',
    )
  })

  it('refuses a .bin that does not start with the vector table of the board’s core', () => {
    expect(refusal('m4.bin', fixture('blink-echo-m4.bin'), 'uno').message).toMatch(
      /^m4.bin does not start with the vector table the Arduino Uno boots from, so it is not firmware for it/,
    )
    expect(refusal('uno.bin', fixture('blink-echo-uno.bin'), 'virtual-m4').message).toMatch(
      /does not start with the vector table/,
    )
    expect(refusal('uno.bin', fixture('blink-echo-uno.bin'), 'esp32-devkitc').message).toMatch(
      /ESP32 image header/,
    )
  })

  it('refuses a .uf2 built for another chip family', () => {
    const uf2 = buildUf2(fixture('blink-echo-m4.bin'), 0x2000, 0xada52840)
    expect(refusal('nrf.uf2', uf2, 'pico').message).toMatch(/UF2 file for another chip family \(0xada52840\)/)
  })

  it('refuses an empty file', () => {
    expect(refusal('empty.hex', new Uint8Array(0), 'uno').message).toBe(
      'empty.hex is empty; build the firmware again.',
    )
  })
})
