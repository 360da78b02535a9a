import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cArray } from '../../../src/core/classical/c-emit'
import type { GeneratedC, NumericMode } from '../../../src/core/classical/learner'
import { cycleRunner } from '../codegen/c-dsp/avr'

/**
 * A classical model's generated C built for the ATmega328P (avr-gcc -Os, model data in PROGMEM) and run in
 * simavr: each test row is copied from flash to SRAM, `<prefix>_predict` runs between the cycle markers,
 * then `<prefix>_scores`; classes and scores are left in SRAM for the runner to read back. Also measures the
 * model's own flash — the code and data of every `<prefix>_` symbol — from the ELF's symbol table.
 */
export interface AvrModelRun {
  readonly predictions: Int32Array
  /** rows × classes, float32 or int32 as on the host. */
  readonly scores: Float32Array | Int32Array
  /** Mean cycles of one `predict` (quantisation included). */
  readonly cyclesPerPrediction: number
  /** Bytes of code and data of the model's symbols. */
  readonly modelFlashBytes: number
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}):\n${result.stderr}`)
  return result.stdout
}

function mainSource(
  prefix: string,
  numeric: NumericMode,
  rows: Float32Array,
  cols: number,
  classes: number,
): string {
  const n = rows.length / cols
  const score = numeric === 'fixed' ? 'int32_t' : 'float'
  return `#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/pgmspace.h>
#include <avr/sleep.h>
#include <string.h>
#include "${prefix}.h"
#define MOTE_CONST_DATA PROGMEM
${cArray('avr_rows', 'float', rows).replace('static const', 'const')}
int32_t mote_out[${n * (classes + 1)}];
int main(void) {
  float x[${cols}];
  for (uint16_t r = 0; r < ${n}u; r++) {
    memcpy_P(x, &avr_rows[(uint32_t)r * ${cols}u], sizeof x);
    GPIOR0 = 1;
    int p = ${prefix}_predict(x);
    GPIOR0 = 2;
    mote_out[r * ${classes + 1}u] = p;
    ${prefix}_scores(x, (${score} *)&mote_out[r * ${classes + 1}u + 1u]);
  }
  cli();
  sleep_enable();
  sleep_cpu();
  return 0;
}
`
}

export function runModelOnAvr(
  code: GeneratedC,
  prefix: string,
  numeric: NumericMode,
  rows: Float32Array,
  cols: number,
  classes: number,
): AvrModelRun {
  const dir = mkdtempSync(join(tmpdir(), 'mote-avr-classical-'))
  try {
    writeFileSync(join(dir, `${prefix}.h`), code.header)
    writeFileSync(join(dir, `${prefix}.c`), code.source)
    writeFileSync(join(dir, 'main.c'), mainSource(prefix, numeric, rows, cols, classes))
    const elf = join(dir, 'model.elf')
    const flags = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-mmcu=atmega328p', '-Os']
    const gc = ['-ffunction-sections', '-fdata-sections', '-Wl,--gc-sections']
    run('avr-gcc', [...flags, ...gc, '-o', elf, join(dir, `${prefix}.c`), join(dir, 'main.c')])
    const symbols = run('avr-nm', ['--size-sort', '-S', elf]).split('\n')
    const out = symbols.find((l) => l.endsWith(' mote_out'))!
    const address = parseInt(out.split(' ')[0]!, 16) & 0xffff
    const n = rows.length / cols
    const lines = run(cycleRunner(), [elf, String(address), String(4 * n * (classes + 1))])
      .trim()
      .split('\n')
    const cycles = lines.filter((l) => l.startsWith('cycles=')).map((l) => Number(l.slice(7)))
    const bytes = Buffer.from(lines[lines.length - 1]!, 'hex')
    const words = new Int32Array(new Uint8Array(bytes).buffer)
    const predictions = Int32Array.from({ length: n }, (_, r) => words[r * (classes + 1)]!)
    const bits = new Int32Array(n * classes)
    for (let r = 0; r < n; r++)
      bits.set(words.subarray(r * (classes + 1) + 1, (r + 1) * (classes + 1)), r * classes)
    return {
      predictions,
      scores: numeric === 'fixed' ? bits : new Float32Array(bits.buffer),
      cyclesPerPrediction: cycles.reduce((a, b) => a + b, 0) / Math.max(1, cycles.length),
      modelFlashBytes: modelBytes(symbols, prefix),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Sum of the sizes of the `<prefix>_` symbols (`avr-nm -S` lines: address size type name). */
function modelBytes(symbols: readonly string[], prefix: string): number {
  let total = 0
  for (const line of symbols) {
    const [, size, , name] = line.trim().split(/\s+/)
    if (name?.startsWith(`${prefix}_`) && size !== undefined) total += parseInt(size, 16)
  }
  return total
}
