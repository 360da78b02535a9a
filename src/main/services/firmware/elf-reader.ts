/**
 * A reader for the 32-bit little-endian ELF files that avr-gcc and arm-none-eabi-gcc link: program headers
 * (what a loader or flasher writes, at their physical/load addresses), section headers (for size reports)
 * and the symbol table (for the largest symbols). Only what those uses need; anything else is ignored.
 * Throws `ElfFormatError` on a file that is not such an ELF or whose tables point outside it.
 */

export const ELF_MACHINE = { avr: 83, arm: 40 } as const

export const SHF_WRITE = 0x1
export const SHF_ALLOC = 0x2
export const SHF_EXECINSTR = 0x4
export const SHT_PROGBITS = 1
export const SHT_NOBITS = 8
export const PT_LOAD = 1

export interface ElfSegment {
  readonly type: number
  readonly offset: number
  readonly virtualAddress: number
  readonly physicalAddress: number
  readonly fileBytes: number
  readonly memoryBytes: number
}

export interface ElfSection {
  readonly name: string
  readonly type: number
  readonly flags: number
  readonly address: number
  readonly offset: number
  readonly size: number
}

export interface ElfSymbol {
  readonly name: string
  readonly value: number
  readonly size: number
  /** STT_*: 1 object, 2 function. */
  readonly type: number
  readonly sectionIndex: number
}

export interface ElfFile {
  readonly machine: number
  readonly entry: number
  readonly segments: readonly ElfSegment[]
  readonly sections: readonly ElfSection[]
  readonly symbols: readonly ElfSymbol[]
  /** The device name avr-libc records in `.note.gnu.avr.deviceinfo` (e.g. `atmega328p`), when present. */
  readonly avrDevice?: string
  readonly bytes: Uint8Array
}

export class ElfFormatError extends Error {
  override name = 'ElfFormatError'
}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46]

export function isElf(bytes: Uint8Array): boolean {
  return ELF_MAGIC.every((b, i) => bytes[i] === b)
}

export function readElf(bytes: Uint8Array): ElfFile {
  if (!isElf(bytes)) throw new ElfFormatError('not an ELF file')
  if (bytes[4] !== 1 || bytes[5] !== 1)
    throw new ElfFormatError('only 32-bit little-endian ELF files are supported')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u16 = (at: number) => checked(view, at, 2).getUint16(at, true)
  const u32 = (at: number) => checked(view, at, 4).getUint32(at, true)
  const segments = readSegments(u16, u32)
  const sections = readSections(bytes, u16, u32)
  const symbols = readSymbols(bytes, sections, u16, u32)
  const avrDevice = readAvrDevice(bytes, sections, u32)
  return {
    machine: u16(18),
    entry: u32(24),
    segments,
    sections,
    symbols,
    ...(avrDevice === undefined ? {} : { avrDevice }),
    bytes,
  }
}

function checked(view: DataView, at: number, size: number): DataView {
  if (at < 0 || at + size > view.byteLength) throw new ElfFormatError(`truncated ELF file (offset ${at})`)
  return view
}

type U = (at: number) => number

function readSegments(u16: U, u32: U): ElfSegment[] {
  const start = u32(28)
  const entrySize = u16(42)
  const count = u16(44)
  return Array.from({ length: count }, (_, i) => {
    const at = start + i * entrySize
    return {
      type: u32(at),
      offset: u32(at + 4),
      virtualAddress: u32(at + 8),
      physicalAddress: u32(at + 12),
      fileBytes: u32(at + 16),
      memoryBytes: u32(at + 20),
    }
  })
}

function readSections(bytes: Uint8Array, u16: U, u32: U): ElfSection[] {
  const start = u32(32)
  const entrySize = u16(46)
  const count = u16(48)
  const namesIndex = u16(50)
  const raw = Array.from({ length: count }, (_, i) => {
    const at = start + i * entrySize
    return {
      nameOffset: u32(at),
      type: u32(at + 4),
      flags: u32(at + 8),
      address: u32(at + 12),
      offset: u32(at + 16),
      size: u32(at + 20),
    }
  })
  const names = raw[namesIndex]
  return raw.map((s) => ({
    name: names ? cString(bytes, names.offset + s.nameOffset) : '',
    type: s.type,
    flags: s.flags,
    address: s.address,
    offset: s.offset,
    size: s.size,
  }))
}

function readSymbols(bytes: Uint8Array, sections: readonly ElfSection[], u16: U, u32: U): ElfSymbol[] {
  const symtabIndex = sections.findIndex((s) => s.name === '.symtab')
  const symtab = sections[symtabIndex]
  const strtab = sections.find((s) => s.name === '.strtab')
  if (!symtab || !strtab) return []
  const symbols: ElfSymbol[] = []
  for (let at = symtab.offset; at + 16 <= symtab.offset + symtab.size; at += 16) {
    const info = bytes[at + 12] ?? 0
    symbols.push({
      name: cString(bytes, strtab.offset + u32(at)),
      value: u32(at + 4),
      size: u32(at + 8),
      type: info & 0xf,
      sectionIndex: u16(at + 14),
    })
  }
  return symbols
}

/**
 * avr-libc's device-info note: namesz, descsz, type, "AVR\0", then six u32 memory figures, the length in
 * bytes of an offset table (itself included), the offsets, and a string table; offset 0 names the device.
 */
function readAvrDevice(bytes: Uint8Array, sections: readonly ElfSection[], u32: U): string | undefined {
  const note = sections.find((s) => s.name === '.note.gnu.avr.deviceinfo')
  if (!note || note.size < 48) return undefined
  const desc = note.offset + 16
  const tableBytes = u32(desc + 24)
  const nameOffset = u32(desc + 28)
  const name = cString(bytes, desc + 24 + tableBytes + nameOffset)
  return /^[a-z0-9]+$/i.test(name) ? name.toLowerCase() : undefined
}

function cString(bytes: Uint8Array, at: number): string {
  let end = at
  while (end < bytes.length && bytes[end] !== 0) end++
  return new TextDecoder().decode(bytes.subarray(at, end))
}

/**
 * The bytes a programmer must write, as (load address, bytes) runs: the file contents of every PT_LOAD
 * segment with file bytes, placed at its physical address (the LMA: `.data`'s initial values sit in flash
 * after `.text`). On AVR the data-space segments (addresses from 0x800000) are not flash and are skipped.
 */
export function loadableRuns(elf: ElfFile): { address: number; bytes: Uint8Array }[] {
  const runs: { address: number; bytes: Uint8Array }[] = []
  for (const s of elf.segments) {
    if (s.type !== PT_LOAD || s.fileBytes === 0) continue
    if (elf.machine === ELF_MACHINE.avr && s.physicalAddress >= 0x800000) continue
    if (s.offset + s.fileBytes > elf.bytes.length)
      throw new ElfFormatError('a segment points past the end of the file')
    runs.push({ address: s.physicalAddress, bytes: elf.bytes.subarray(s.offset, s.offset + s.fileBytes) })
  }
  return runs.sort((a, b) => a.address - b.address)
}
