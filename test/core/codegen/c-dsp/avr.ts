import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DspBlockCode } from '../../../../src/core/codegen/c/dsp-params'
import { cTable } from '../../../../src/core/codegen/c/dsp-c-text'
import { dspSourceDir, dspSources, strictFlags } from './harness'

/**
 * One generated block built for the ATmega328P (fixed build, -Os, tables in PROGMEM) and run in simavr by
 * avr/avr-cycles.c: the cycles between the markers around the block, its features read back from SRAM, and
 * the ELF's section sizes.
 */

const here = join(import.meta.dirname, 'avr')

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}):\n${result.stderr}`)
  return result.stdout
}

function call(code: DspBlockCode): string {
  const p = `&${code.symbol}`
  if (code.block === 'raw') return `(void)work; (void)bytes; mote_dsp_raw_compute(${p}, in, out);`
  return `mote_dsp_${code.block}_compute(${p}, in, out, work, bytes);`
}

function sources(dir: string, code: DspBlockCode, window: readonly number[]): void {
  writeFileSync(
    join(dir, 'avr-block.h'),
    [
      '#include "mote_dsp.h"',
      `#define AVR_BLOCK_INPUTS ${code.inputCount}u`,
      `#define AVR_BLOCK_OUTPUTS ${code.outputCount}u`,
      `#define AVR_BLOCK_WORK_BYTES ${code.workBytes}u`,
      `extern const int16_t avr_block_window[AVR_BLOCK_INPUTS] MOTE_DSP_CONST;`,
      'void avr_block_run(const mote_dsp_sample_t *in, mote_dsp_feature_t *out, void *work, size_t bytes);',
      '',
    ].join('\n'),
  )
  const windowTable = cTable('avr_block_window', 'int16_t', window).definition.replace(
    'static const',
    'const',
  )
  writeFileSync(
    join(dir, 'avr-block.c'),
    [
      '#include "avr-block.h"',
      code.declaration,
      code.source,
      windowTable,
      `void avr_block_run(const mote_dsp_sample_t *in, mote_dsp_feature_t *out, void *work, size_t bytes) {\n  ${call(code)}\n}`,
      '',
    ].join('\n'),
  )
}

let runner: string | undefined

/** The simavr cycle runner (avr/avr-cycles.c), built once per process. */
export function cycleRunner(): string {
  if (runner && existsSync(runner)) return runner
  const dir = mkdtempSync(join(tmpdir(), 'mote-avr-cycles-'))
  runner = join(dir, 'avr-cycles')
  const flags = run('pkg-config', ['--cflags', '--libs', 'simavr']).trim().split(/\s+/)
  run('cc', ['-O2', '-o', runner, join(here, 'avr-cycles.c'), ...flags, '-lelf'])
  return runner
}

export interface AvrRun {
  readonly cycles: number
  /** Q16.16 features as read from the AVR's SRAM. */
  readonly features: Int32Array
  readonly textBytes: number
  readonly dataBytes: number
  readonly bssBytes: number
}

export function runOnAvr(code: DspBlockCode, window: readonly number[]): AvrRun {
  const dir = mkdtempSync(join(tmpdir(), 'mote-avr-dsp-'))
  try {
    sources(dir, code, window)
    const elf = join(dir, 'dsp.elf')
    run('avr-gcc', [
      ...strictFlags,
      '-mmcu=atmega328p',
      '-Os',
      '-DMOTE_DSP_FIXED',
      '-ffunction-sections',
      '-fdata-sections',
      '-Wl,--gc-sections',
      `-I${dspSourceDir}`,
      `-I${dir}`,
      join(here, 'avr-main.c'),
      join(dir, 'avr-block.c'),
      ...dspSources(),
      '-o',
      elf,
    ])
    const [text, data, bss] = run('avr-size', [elf]).trim().split('\n')[1]!.trim().split(/\s+/).map(Number)
    const symbol = run('avr-nm', [elf])
      .split('\n')
      .find((l) => l.endsWith(' mote_features'))!
    const address = parseInt(symbol.split(' ')[0]!, 16) & 0xffff
    const out = run(cycleRunner(), [elf, String(address), String(4 * code.outputCount)])
      .trim()
      .split('\n')
    const cycles = Number(out.find((l) => l.startsWith('cycles='))!.slice(7))
    const bytes = Buffer.from(out[out.length - 1]!, 'hex')
    const features = Int32Array.from({ length: code.outputCount }, (_, i) => bytes.readInt32LE(4 * i))
    return { cycles, features, textBytes: text!, dataBytes: data!, bssBytes: bss! }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
