import { FlashErrorCode } from '../../../shared/api/flash'
import MemoryMap from 'nrf-intel-hex'
import { UF2Flags, decodeBlock } from 'uf2'
import { MoteFailure } from '../../../shared/errors'
import { ELF_MACHINE, ElfFormatError, isElf, loadableRuns, readElf } from './elf-reader'

/** A firmware image ready to write: the bytes and where they go. */
export interface FirmwareImage {
  /** Contiguous bytes starting at `baseAddress` (gaps from the .hex/.elf filled with 0xFF). */
  readonly bytes: Uint8Array
  readonly baseAddress: number
  /** The MCU the image was built for (e.g. `atmega328p`), checked against what the bootloader reports. */
  readonly mcu: string
  /** Where it came from, for messages: a path or "built in Mote". */
  readonly source: string
}

export type ImageFormat = 'hex' | 'elf' | 'uf2' | 'bin'

export interface ImageOptions {
  /** The MCU the image is for; an ELF that names its own device (avr-libc's note) must agree. */
  readonly mcu: string
  /** For messages: a path or "built in Mote". */
  readonly source: string
  /** Raw .bin files carry no address: where they go (default 0). */
  readonly baseAddress?: number
  /** Largest image accepted, so a bad address in a .hex cannot make us allocate gigabytes. */
  readonly maxBytes?: number
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024

/** Guesses the format from the name, falling back on the content (ELF magic, a leading ':'). */
export function detectImageFormat(name: string, bytes: Uint8Array): ImageFormat {
  const lower = name.toLowerCase()
  if (lower.endsWith('.hex') || lower.endsWith('.ihex')) return 'hex'
  if (lower.endsWith('.elf') || lower.endsWith('.axf')) return 'elf'
  if (lower.endsWith('.bin')) return 'bin'
  if (isElf(bytes)) return 'elf'
  return bytes[0] === 0x3a ? 'hex' : 'bin'
}

/**
 * Reads a .hex, .elf or .bin into one contiguous `FirmwareImage`: from the lowest to the highest address
 * written, gaps filled with 0xFF (erased flash). Intel HEX through `nrf-intel-hex` (it checks checksums
 * and record types, and handles both extended address records); ELF through our reader (PT_LOAD segments
 * at their load addresses).
 */
export function readFirmwareImage(
  bytes: Uint8Array,
  format: ImageFormat,
  options: ImageOptions,
): FirmwareImage {
  const runs = runsOf(bytes, format, options)
  return assemble(runs, options)
}

function runsOf(
  bytes: Uint8Array,
  format: ImageFormat,
  options: ImageOptions,
): { address: number; bytes: Uint8Array }[] {
  if (format === 'bin') return [{ address: options.baseAddress ?? 0, bytes }]
  if (format === 'uf2') return uf2Runs(bytes, options.source)
  if (format === 'hex') {
    try {
      const map = MemoryMap.fromHex(new TextDecoder().decode(bytes))
      return [...map.entries()].map(([address, block]) => ({ address, bytes: block }))
    } catch (error) {
      throw invalid(options.source, 'Intel HEX', error)
    }
  }
  try {
    const elf = readElf(bytes)
    if (elf.machine !== ELF_MACHINE.avr && elf.machine !== ELF_MACHINE.arm) {
      throw new ElfFormatError(`machine ${elf.machine} is neither AVR nor Arm`)
    }
    if (elf.avrDevice && elf.avrDevice !== options.mcu.toLowerCase()) {
      throw new MoteFailure(
        FlashErrorCode.WrongMcu,
        `${options.source} was built for the ${elf.avrDevice}, not the ${options.mcu}; build it for this board.`,
      )
    }
    return loadableRuns(elf)
  } catch (error) {
    if (error instanceof MoteFailure) throw error
    throw invalid(options.source, 'ELF', error)
  }
}

/** The main-flash payloads of a .uf2 (blocks flagged "not main flash" carry other things, e.g. a file). */
function uf2Runs(bytes: Uint8Array, source: string): { address: number; bytes: Uint8Array }[] {
  try {
    const runs: { address: number; bytes: Uint8Array }[] = []
    for (let at = 0; at + 512 <= bytes.length; at += 512) {
      const block = decodeBlock(bytes.subarray(at, at + 512))
      if ((block.flags & UF2Flags.notMainFlash) === 0)
        runs.push({ address: block.flashAddress, bytes: block.payload })
    }
    return runs
  } catch (error) {
    throw invalid(source, 'UF2', error)
  }
}

function assemble(runs: { address: number; bytes: Uint8Array }[], options: ImageOptions): FirmwareImage {
  const used = runs.filter((r) => r.bytes.length > 0)
  if (used.length === 0) {
    throw new MoteFailure(
      FlashErrorCode.InvalidImage,
      `${options.source} holds no bytes to write; build the firmware again.`,
    )
  }
  const start = Math.min(...used.map((r) => r.address))
  const end = Math.max(...used.map((r) => r.address + r.bytes.length))
  if (end - start > (options.maxBytes ?? DEFAULT_MAX_BYTES)) {
    throw new MoteFailure(
      FlashErrorCode.InvalidImage,
      `${options.source} spans ${end - start} bytes (0x${start.toString(16)}–0x${end.toString(16)}), too large for any board we flash.`,
    )
  }
  const image = new Uint8Array(end - start).fill(0xff)
  for (const r of used) image.set(r.bytes, r.address - start)
  return { bytes: image, baseAddress: start, mcu: options.mcu, source: options.source }
}

function invalid(source: string, kind: string, error: unknown): MoteFailure {
  const reason = error instanceof Error ? error.message : String(error)
  return new MoteFailure(
    FlashErrorCode.InvalidImage,
    `${source} is not a valid ${kind} file; build it again.`,
    reason,
  )
}
