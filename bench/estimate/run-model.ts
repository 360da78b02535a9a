/**
 * A generated model run once on a virtual board, timed op by op through the generated code's
 * MOTE_MODEL_AFTER_OP hook: on the ATmega328P in simavr (cycles, exact) and on the Cortex-M4 in QEMU
 * (instructions, from SysTick under -icount; bench/m4). Returns per op of the graph its count (0 for ops
 * the generated code does not call, such as a RESHAPE).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GeneratedModelCode } from '../../src/core/codegen/c'
import { runOnVirtualM4 } from '../m4/run'

const RUNTIME = join(import.meta.dirname, '../../resources/firmware/runtime')
const HERE = import.meta.dirname

function cFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => join(dir, f))
}

export function runtimeSources(): string[] {
  return ['common', 'int8'].flatMap((d) => cFiles(join(RUNTIME, 'kernels', d)))
}

function writeModel(dir: string, code: GeneratedModelCode): void {
  writeFileSync(join(dir, code.header.name), code.header.text)
  writeFileSync(join(dir, code.source.name), code.source.text)
}

let avrRunner: string | undefined

function runner(): string {
  if (avrRunner) return avrRunner
  const dir = mkdtempSync(join(tmpdir(), 'mote-avr-ops-'))
  avrRunner = join(dir, 'avr-ops')
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'simavr'], { encoding: 'utf8' })
  execFileSync('cc', ['-O2', '-o', avrRunner, join(HERE, 'avr-ops.c'), ...flags.trim().split(/\s+/), '-lelf'])
  return avrRunner
}

const AVR_MAIN = `#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include "model.h"
int main(void) {
  GPIOR0 = 1;
  (void)mote_model_invoke();
  GPIOR0 = 255;
  cli();
  sleep_enable();
  sleep_cpu();
  return 0;
}
`

/** Per-op counts from "mark V C" lines: V = op + 2 after op, 1 before the first, 255 after the last. */
function perOp(marks: readonly (readonly [number, number])[], ops: number): number[] {
  const counts = new Array<number>(ops).fill(0)
  let previous = marks.find(([v]) => v === 1)![1]
  for (const [v, at] of marks) {
    if (v < 2 || v === 255) continue
    counts[v - 2] = at - previous
    previous = at
  }
  return counts
}

export interface AvrModelRun {
  readonly opCycles: number[]
  readonly textBytes: number
  readonly dataBytes: number
}

export function runModelOnAvr(code: GeneratedModelCode, ops: number): AvrModelRun {
  const dir = mkdtempSync(join(tmpdir(), 'mote-avr-model-'))
  try {
    writeModel(dir, code)
    writeFileSync(join(dir, 'main.c'), AVR_MAIN)
    writeFileSync(
      join(dir, 'hook.h'),
      '#include <avr/io.h>\n#define MOTE_MODEL_AFTER_OP(op) (GPIOR0 = (uint8_t)((op) + 2))\n',
    )
    const elf = join(dir, 'model.elf')
    execFileSync(
      'avr-gcc',
      [
        '-mmcu=atmega328p',
        '-Os',
        '-std=gnu99',
        '-DMOTE_WEIGHTS_IN_PROGMEM',
        '-ffunction-sections',
        '-fdata-sections',
        '-Wl,--gc-sections',
        `-I${join(RUNTIME, 'include')}`,
        `-I${join(RUNTIME, 'kernels', 'common')}`,
        `-I${dir}`,
        '-include',
        join(dir, 'hook.h'),
        join(dir, 'main.c'),
        join(dir, 'model.c'),
        ...runtimeSources(),
        '-o',
        elf,
      ],
      { stdio: 'pipe' },
    )
    const [text, data, bss] = execFileSync('avr-size', [elf], { encoding: 'utf8' })
      .trim()
      .split('\n')[1]!
      .trim()
      .split(/\s+/)
      .map(Number)
    const out = execFileSync(runner(), [elf], { encoding: 'utf8' })
    const marks = out
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('mark '))
      .map((l) => {
        const [, v, c] = l.split(' ')
        return [Number(v), Number(c)] as const
      })
    return { opCycles: perOp(marks, ops), textBytes: text!, dataBytes: data! + bss! }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const M4_MAIN = `#include "bench.h"
#include "model.h"
static uint32_t at[256];
static unsigned count;
void bench_mark(void) { at[count++] = bench_ticks(); }
int main(void) {
  unsigned i;
  bench_put("per-tick "); bench_number(bench_calibrate(100000));
  bench_ticks_start();
  at[count++] = bench_ticks();
  (void)mote_model_invoke();
  for (i = 0; i < count; i++) { bench_put("t "); bench_number(at[i]); }
  return 0;
}
`

/**
 * Instructions per op on the virtual Cortex-M4 (-O2 as the bench/m4 programs; the hook stores SysTick). The
 * hook's own instructions (a call, a load, two stores: about 8) are subtracted per op.
 */
export function runModelOnM4(
  code: GeneratedModelCode,
  ops: number,
  flags: readonly string[] = ['-O2'],
): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'mote-m4-model-'))
  try {
    writeModel(dir, code)
    writeFileSync(join(dir, 'main.c'), M4_MAIN)
    writeFileSync(
      join(dir, 'hook.h'),
      'void bench_mark(void);\n#define MOTE_MODEL_AFTER_OP(op) (bench_mark(), (void)(op))\n',
    )
    const out = runOnVirtualM4(
      dir,
      [join(dir, 'main.c'), join(dir, 'model.c'), ...runtimeSources()],
      [
        ...flags,
        `-I${join(RUNTIME, 'include')}`,
        `-I${join(RUNTIME, 'kernels', 'common')}`,
        `-I${dir}`,
        '-include',
        join(dir, 'hook.h'),
      ],
    )
    const calibration = Number(/per-tick (\d+)/.exec(out)![1])
    const perTick = (2 * 100000) / calibration
    const ticks = [...out.matchAll(/^t (\d+)$/gm)].map((m) => Number(m[1]))
    const called = code.summary.ops.filter((o) => o.kernel !== 'alias').map((o) => o.op)
    const counts = new Array<number>(ops).fill(0)
    const span = (i: number) => (((ticks[i + 1]! - ticks[i]!) % 2 ** 24) + 2 ** 24) % 2 ** 24
    called.forEach((op, i) => (counts[op] = Math.max(0, span(i) * perTick - 8)))
    return counts
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
