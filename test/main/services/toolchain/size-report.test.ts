import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  ELF_MACHINE,
  ElfFormatError,
  loadableRuns,
  readElf,
} from '../../../../src/main/services/firmware/elf-reader'
import { sizeReportFromElf } from '../../../../src/main/services/toolchain/size-report'

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)))

// Expected figures come from blink-echo-*.sizes.txt: avr-size -A / arm-none-eabi-size -A and nm --size-sort
// run on the same files.
describe('size report from the linked ELF', () => {
  it('matches avr-size for the Uno build: flash = .text + .data, RAM = .data', () => {
    const report = sizeReportFromElf(readElf(fixture('blink-echo-uno.elf')), {
      flashBytes: 32256,
      ramBytes: 2048,
    })
    expect(report.sections).toEqual([
      { name: '.data', address: 0x800100, bytes: 30, region: 'flash+ram' },
      { name: '.text', address: 0, bytes: 478, region: 'flash' },
    ])
    expect(report).toMatchObject({
      flashBytes: 508,
      ramBytes: 30,
      eepromBytes: 0,
      flashFreeBytes: 32256 - 508,
      ramFreeBytes: 2048 - 30,
    })
  })

  it('lists the largest symbols biggest first, as nm --size-sort does', () => {
    const report = sizeReportFromElf(readElf(fixture('blink-echo-uno.elf')))
    expect(report.largestSymbols.slice(0, 4)).toEqual([
      { name: 'main', bytes: 0x10e, kind: 'function', section: '.text' },
      { name: '__udivmodhi4', bytes: 0x28, kind: 'function', section: '.text' },
      { name: '__do_copy_data', bytes: 0x16, kind: 'function', section: '.text' },
      { name: 'uart_put', bytes: 0x0e, kind: 'function', section: '.text' },
    ])
  })

  it('matches arm-none-eabi-size for the Cortex-M4 build and counts the vector table as an object', () => {
    const report = sizeReportFromElf(readElf(fixture('blink-echo-m4.elf')))
    expect(report).toMatchObject({ flashBytes: 572, ramBytes: 76 })
    expect(report.largestSymbols[0]).toEqual({
      name: 'main',
      bytes: 0xbc,
      kind: 'function',
      section: '.text',
    })
    expect(report.largestSymbols).toContainEqual({
      name: 'vectors',
      bytes: 0x60,
      kind: 'object',
      section: '.text',
    })
  })
})

describe('reading ELF files', () => {
  it('reads the machine and the device avr-libc records', () => {
    const uno = readElf(fixture('blink-echo-uno.elf'))
    expect(uno.machine).toBe(ELF_MACHINE.avr)
    expect(uno.avrDevice).toBe('atmega328p')
    expect(readElf(fixture('blink-echo-m4.elf')).machine).toBe(ELF_MACHINE.arm)
  })

  it('places .data’s initial values after .text, at their load address, as avr-objcopy does', () => {
    const runs = loadableRuns(readElf(fixture('blink-echo-uno.elf')))
    expect(runs.map((r) => [r.address, r.bytes.length])).toEqual([
      [0, 478],
      [478, 30],
    ])
  })

  it('rejects what is not a 32-bit little-endian ELF, and truncated files', () => {
    expect(() => readElf(new TextEncoder().encode(':00000001FF'))).toThrow(ElfFormatError)
    expect(() => readElf(fixture('blink-echo-uno.elf').slice(0, 60))).toThrow(/truncated/)
  })
})
