import { FlashErrorCode } from '../../../../src/shared/api/flash'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MoteFailure } from '../../../../src/shared/errors'
import { detectImageFormat, readFirmwareImage } from '../../../../src/main/services/firmware/firmware-image'

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../toolchain/fixtures/${name}`, import.meta.url)))
const text = (s: string) => new TextEncoder().encode(s)

/** One Intel HEX record with its checksum. */
function record(type: number, address: number, data: number[]): string {
  const bytes = [data.length, (address >> 8) & 0xff, address & 0xff, type, ...data]
  const sum = (0x100 - (bytes.reduce((a, b) => a + b, 0) & 0xff)) & 0xff
  return ':' + [...bytes, sum].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('')
}

describe('reading firmware images', () => {
  it('reads an .elf into the same bytes avr-objcopy -O binary wrote', () => {
    const image = readFirmwareImage(fixture('blink-echo-uno.elf'), 'elf', {
      mcu: 'atmega328p',
      source: 'be.elf',
    })
    expect(image.baseAddress).toBe(0)
    expect(Array.from(image.bytes)).toEqual(Array.from(fixture('blink-echo-uno.bin')))
  })

  it('reads an Intel HEX into the same bytes, for AVR and Arm builds', () => {
    for (const target of ['uno', 'm4']) {
      const image = readFirmwareImage(fixture(`blink-echo-${target}.hex`), 'hex', {
        mcu: 'x',
        source: 'be.hex',
      })
      expect(Array.from(image.bytes)).toEqual(Array.from(fixture(`blink-echo-${target}.bin`)))
    }
  })

  it('fills gaps with erased bytes and honours extended linear addresses', () => {
    const hex = [
      record(4, 0, [0x08, 0x00]),
      record(0, 0x0000, [1, 2]),
      record(0, 0x0004, [3]),
      record(1, 0, []),
    ].join('\n')
    const image = readFirmwareImage(text(hex), 'hex', { mcu: 'stm32', source: 'a.hex' })
    expect(image.baseAddress).toBe(0x08000000)
    expect(Array.from(image.bytes)).toEqual([1, 2, 0xff, 0xff, 3])
  })

  it('places a raw .bin at the address it is given', () => {
    const image = readFirmwareImage(new Uint8Array([9, 8, 7]), 'bin', {
      mcu: 'rp2040',
      source: 'a.bin',
      baseAddress: 0x10000000,
    })
    expect(image).toMatchObject({ baseAddress: 0x10000000, mcu: 'rp2040' })
  })

  it('refuses a .hex with a bad checksum, saying which file', () => {
    const bad = record(0, 0, [1, 2, 3]).slice(0, -2) + '00\n' + record(1, 0, [])
    const error = (() => {
      try {
        readFirmwareImage(text(bad), 'hex', { mcu: 'atmega328p', source: 'broken.hex' })
      } catch (e) {
        return e as MoteFailure
      }
    })()
    expect(error).toBeInstanceOf(MoteFailure)
    expect(error?.code).toBe(FlashErrorCode.InvalidImage)
    expect(error?.message).toBe('broken.hex is not a valid Intel HEX file; build it again.')
  })

  it('refuses an .elf that avr-libc marked for another device', () => {
    expect(() =>
      readFirmwareImage(fixture('blink-echo-uno.elf'), 'elf', { mcu: 'atmega2560', source: 'be.elf' }),
    ).toThrow(/was built for the atmega328p, not the atmega2560/)
  })

  it('refuses an image whose addresses span more than any board', () => {
    const hex = [record(0, 0, [1]), record(4, 0, [0x40, 0x00]), record(0, 0, [2]), record(1, 0, [])].join(
      '\n',
    )
    expect(() => readFirmwareImage(text(hex), 'hex', { mcu: 'x', source: 'far.hex' })).toThrow(
      /too large for any board/,
    )
  })

  it('tells the formats apart by name, then by content', () => {
    expect(detectImageFormat('app.HEX', new Uint8Array())).toBe('hex')
    expect(detectImageFormat('firmware', fixture('blink-echo-uno.elf'))).toBe('elf')
    expect(detectImageFormat('firmware', text(':00000001FF'))).toBe('hex')
    expect(detectImageFormat('firmware', new Uint8Array([0, 1]))).toBe('bin')
  })
})
