import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cArray } from '../../../../src/core/classical/c-emit'
import type { GeneratedC } from '../../../../src/core/classical/learner'
import { cycleRunner } from '../../codegen/c-dsp/avr'

/**
 * A fixed-point EdgeML model on the virtual Uno's chip: built with avr-gcc -Os for the ATmega328P (model
 * data in PROGMEM) around avr-main.c, run in libsimavr by the cycle runner of the DSP tests
 * (test/core/codegen/c-dsp/avr.ts: cycles between GPIOR0 markers, then SRAM bytes), and read
 * back: per row the class, a hash of the scores and the cycles of one `scores_q` call; the stack's
 * high-water mark; the ELF's sections and the flash taken by the model's own arrays and functions.
 */
export interface AvrModelRun {
  readonly classes: number[]
  readonly hashes: number[]
  readonly cycles: number[]
  /** Peak stack depth over the whole run (main's frame included), bytes. */
  readonly stackBytes: number
  readonly textBytes: number
  readonly dataBytes: number
  readonly bssBytes: number
  /** Flash of the `model_*` const arrays, and of the `model_*` functions. */
  readonly modelDataBytes: number
  readonly modelCodeBytes: number
}

const HERE = import.meta.dirname
const SRAM_END = 0x900

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 16 << 20 })
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}):\n${result.stderr}`)
  return result.stdout
}

/** FNV-1a over the little-endian bytes of int32 scores, as avr-main.c computes it. */
export function scoresHash(scores: Int32Array): number {
  const bytes = new Uint8Array(Int32Array.from(scores).buffer)
  let h = 2166136261
  for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0
  return h
}

function symbolSizes(elf: string): Map<string, number> {
  const sizes = new Map<string, number>()
  for (const line of run('avr-nm', ['-S', elf]).split('\n')) {
    const [, size, , name] = line.trim().split(/\s+/)
    if (name !== undefined && size !== undefined) sizes.set(name, parseInt(size, 16))
  }
  return sizes
}

function build(dir: string, code: GeneratedC, rows: Int16Array, features: number): string {
  writeFileSync(join(dir, 'model.h'), code.header)
  writeFileSync(join(dir, 'model.c'), code.source)
  const table = cArray('avr_rows', 'int16_t', rows)
    .replace('static const', 'static const')
    .replace('MOTE_CONST_DATA', 'PROGMEM')
  writeFileSync(
    join(dir, 'avr-rows.h'),
    `#include <avr/pgmspace.h>\n#define AVR_ROWS ${rows.length / features}u\n${table}\n`,
  )
  const elf = join(dir, 'model.elf')
  run('avr-gcc', [
    '-mmcu=atmega328p',
    '-Os',
    '-std=c99',
    '-Wall',
    '-Wextra',
    '-Werror',
    '-ffunction-sections',
    '-fdata-sections',
    '-Wl,--gc-sections',
    `-I${dir}`,
    join(HERE, 'avr-main.c'),
    join(dir, 'model.c'),
    '-o',
    elf,
  ])
  return elf
}

export function runOnAvr(code: GeneratedC, rows: Int16Array, features: number): AvrModelRun {
  const n = rows.length / features
  const dir = mkdtempSync(join(tmpdir(), 'mote-edgeml-avr-'))
  try {
    const elf = build(dir, code, rows, features)
    const [text, data, bss] = run('avr-size', [elf]).trim().split('\n')[1]!.trim().split(/\s+/).map(Number)
    const symbol = run('avr-nm', [elf])
      .split('\n')
      .find((l) => l.endsWith(' mote_result'))!
    const address = parseInt(symbol.split(' ')[0]!, 16) & 0xffff
    const out = run(cycleRunner(), [elf, String(address), String(5 * n + 2)])
      .trim()
      .split('\n')
    const cycles = out.filter((l) => l.startsWith('cycles=')).map((l) => Number(l.slice(7)))
    const bytes = Buffer.from(out[out.length - 1]!, 'hex')
    const heapStart =
      parseInt(
        run('avr-nm', [elf])
          .split('\n')
          .find((l) => l.endsWith(' __heap_start'))!
          .split(' ')[0]!,
        16,
      ) & 0xffff
    const sizes = symbolSizes(elf)
    const arrays = [...code.source.matchAll(/static const \w+ (\w+)\[/g)].map((m) => m[1]!)
    const modelDataBytes = arrays.reduce((s, name) => s + (sizes.get(name) ?? 0), 0)
    const modelCodeBytes = [...sizes]
      .filter(([name]) => name.startsWith('model_') && !arrays.includes(name))
      .reduce((s, [, v]) => s + v, 0)
    return {
      classes: Array.from(bytes.subarray(0, n)),
      hashes: Array.from({ length: n }, (_, i) => bytes.readUInt32LE(n + 4 * i)),
      cycles,
      stackBytes: SRAM_END - (heapStart + bytes.readUInt16LE(5 * n)),
      textBytes: text!,
      dataBytes: data!,
      bssBytes: bss!,
      modelDataBytes,
      modelCodeBytes,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
