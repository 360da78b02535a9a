import { SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, type ElfFile } from '../firmware/elf-reader'

export type MemoryRegion = 'flash' | 'ram' | 'flash+ram' | 'eeprom'

export interface SectionSize {
  readonly name: string
  readonly address: number
  readonly bytes: number
  /** `flash+ram` for initialised data: its initial values sit in flash and are copied to RAM at start. */
  readonly region: MemoryRegion
}

export interface SymbolSize {
  readonly name: string
  readonly bytes: number
  readonly kind: 'function' | 'object'
  readonly section: string
}

export interface SizeReport {
  /** Bytes written to flash: code, constants and the initial values of data. */
  readonly flashBytes: number
  /** Bytes of RAM taken before the program runs: data and bss (the stack and heap come on top). */
  readonly ramBytes: number
  readonly eepromBytes: number
  readonly sections: readonly SectionSize[]
  /** Largest functions and objects, biggest first (from the ELF symbol table, as `nm --size-sort` lists). */
  readonly largestSymbols: readonly SymbolSize[]
  /** Present when the board's capacity was given: what is left, negative when the program does not fit. */
  readonly flashFreeBytes?: number
  readonly ramFreeBytes?: number
}

export interface Capacity {
  readonly flashBytes: number
  readonly ramBytes: number
}

// AVR's linker puts data-space addresses at 0x800000 and EEPROM at 0x810000 (avr-gcc's avr5.x script).
const AVR_EEPROM_START = 0x810000
const AVR_EEPROM_END = 0x820000
const AVR_FUSE_START = 0x820000
const STT_NOTYPE = 0
const STT_FUNC = 2

/**
 * Sizes from the linked ELF's section headers, the same figures `avr-size -A` / `arm-none-eabi-size -A`
 * print. Only allocated sections count; debug info and comments do not take memory on the board.
 */
export function sizeReportFromElf(elf: ElfFile, capacity?: Capacity, symbolCount = 20): SizeReport {
  const sections: SectionSize[] = []
  for (const s of elf.sections) {
    if ((s.flags & SHF_ALLOC) === 0 || s.size === 0) continue
    const region = regionOf(s.address, s.flags, s.type)
    if (region) sections.push({ name: s.name, address: s.address, bytes: s.size, region })
  }
  const sum = (pick: (r: MemoryRegion) => boolean) =>
    sections.filter((s) => pick(s.region)).reduce((total, s) => total + s.bytes, 0)
  const flashBytes = sum((r) => r === 'flash' || r === 'flash+ram')
  const ramBytes = sum((r) => r === 'ram' || r === 'flash+ram')
  const report: SizeReport = {
    flashBytes,
    ramBytes,
    eepromBytes: sum((r) => r === 'eeprom'),
    sections,
    largestSymbols: largestSymbols(elf, symbolCount),
  }
  if (!capacity) return report
  return {
    ...report,
    flashFreeBytes: capacity.flashBytes - flashBytes,
    ramFreeBytes: capacity.ramBytes - ramBytes,
  }
}

function regionOf(address: number, flags: number, type: number): MemoryRegion | undefined {
  if (address >= AVR_FUSE_START && address < 0x900000) return undefined // fuses, lock bits, signature
  if (address >= AVR_EEPROM_START && address < AVR_EEPROM_END) return 'eeprom'
  if ((flags & SHF_WRITE) === 0) return 'flash'
  return type === SHT_NOBITS ? 'ram' : 'flash+ram'
}

function largestSymbols(elf: ElfFile, count: number): SymbolSize[] {
  const seen = new Set<string>()
  const symbols: SymbolSize[] = []
  for (const s of elf.symbols) {
    const section = elf.sections[s.sectionIndex]
    // STT_NOTYPE with a size: assembler routines of libgcc/avr-libc (__udivmodhi4), which nm lists too.
    if (s.size === 0 || s.type > STT_FUNC || !section || (section.flags & SHF_ALLOC) === 0) continue
    const key = `${s.name}@${s.value}`
    if (seen.has(key)) continue
    seen.add(key)
    const code = s.type === STT_FUNC || (s.type === STT_NOTYPE && (section.flags & SHF_EXECINSTR) !== 0)
    symbols.push({ name: s.name, bytes: s.size, kind: code ? 'function' : 'object', section: section.name })
  }
  return symbols.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name)).slice(0, count)
}
