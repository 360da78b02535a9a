import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { DspBlockCode, DspNumeric } from '../../../../src/core/codegen/c/dsp-params'

/**
 * Compiles DSP blocks' generated C with the hand-written library (resources/firmware/dsp) and harness.c
 * into a host program, and runs windows through it. gcc builds with the flags the firmware must pass
 * (-std=c99 -Wall -Wextra -Werror -pedantic) plus AddressSanitizer and UBSan, so an out-of-bounds access or
 * a signed overflow in the library fails the test instead of passing by luck.
 */

export const dspSourceDir = resolve(import.meta.dirname, '../../../../resources/firmware/dsp')
export const strictFlags = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic']

export function dspSources(): string[] {
  return readdirSync(dspSourceDir)
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => join(dspSourceDir, f))
}

function callFor(code: DspBlockCode): string {
  const p = `&${code.symbol}`
  switch (code.block) {
    case 'raw':
      return `(void)work; (void)bytes; return mote_dsp_raw_compute(${p}, (const mote_dsp_sample_t *)in, out);`
    case 'image':
      return `(void)work; (void)bytes; return mote_dsp_image_compute(${p}, (const uint8_t *)in, out);`
    default:
      return `return mote_dsp_${code.block}_compute(${p}, (const mote_dsp_sample_t *)in, out, work, bytes);`
  }
}

function inputBytes(code: DspBlockCode, numeric: DspNumeric): number {
  return code.block === 'image' ? 1 : numeric === 'fixed' ? 2 : 4
}

/** The generated half of the harness: the blocks' data and a table of cases. */
export function harnessSource(codes: readonly DspBlockCode[], numeric: DspNumeric): string {
  const parts = ['#include "harness.h"', ...codes.map((c) => c.declaration), ...codes.map((c) => c.source)]
  codes.forEach((c, i) => {
    parts.push(
      `static mote_dsp_status_t run_${i}(const void *in, mote_dsp_feature_t *out, void *work, size_t bytes) {\n  ${callFor(c)}\n}`,
      `static size_t work_${i}(void) { return mote_dsp_${c.block}_work_bytes(&${c.symbol}); }`,
    )
  })
  const rows = codes.map(
    (c, i) =>
      `  { run_${i}, work_${i}, ${c.inputCount}u, ${inputBytes(c, numeric)}u, ${c.outputCount}u, ${c.workBytes}u },`,
  )
  parts.push(`const harness_case_t harness_cases[] = {\n${rows.join('\n')}\n};`)
  parts.push(`const uint32_t harness_case_count = ${codes.length}u;`)
  return parts.join('\n\n') + '\n'
}

export interface Harness {
  /** Features of each window (real values: Q16.16 / 65536 in the fixed build). */
  run(caseIndex: number, windows: readonly ArrayLike<number>[]): Float64Array[]
  /** Nanoseconds per run of the block on one window (the C times itself, no process start-up inside). */
  timeRun(caseIndex: number, window: ArrayLike<number>, repeats: number): number
  /** What the C's mote_dsp_<block>_work_bytes() says for each case. */
  workBytes(): number[]
  dispose(): void
}

export function compileHarness(
  codes: readonly DspBlockCode[],
  numeric: DspNumeric,
  options: { sanitize?: boolean; optimize?: string } = {},
): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'mote-c-dsp-'))
  const exe = join(dir, 'harness')
  writeFileSync(join(dir, 'generated.c'), harnessSource(codes, numeric))
  const sanitize =
    options.sanitize === false ? [] : ['-fsanitize=address,undefined', '-fno-sanitize-recover=all']
  const define = numeric === 'fixed' ? '-DMOTE_DSP_FIXED' : '-DMOTE_DSP_FLOAT'
  const args = [
    ...strictFlags,
    options.optimize ?? '-O1',
    ...sanitize,
    define,
    `-I${dspSourceDir}`,
    `-I${import.meta.dirname}`,
    join(import.meta.dirname, 'harness.c'),
    join(dir, 'generated.c'),
    ...dspSources(),
    '-lm',
    '-o',
    exe,
  ]
  const built = spawnSync('gcc', args, { encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`gcc failed:\n${built.stderr}`)
  const encode = (code: DspBlockCode, window: ArrayLike<number>): Uint8Array => {
    if (code.block === 'image') return Uint8Array.from(window)
    return new Uint8Array((numeric === 'fixed' ? Int16Array.from(window) : Float32Array.from(window)).buffer)
  }
  return {
    run(caseIndex, windows) {
      const code = codes[caseIndex]!
      const header = new Uint32Array([caseIndex, windows.length])
      const input = Buffer.concat([Buffer.from(header.buffer), ...windows.map((w) => encode(code, w))])
      const result = spawnSync(exe, [], { input, maxBuffer: 1 << 30 })
      if (result.status !== 0) throw new Error(`harness exited ${result.status}: ${String(result.stderr)}`)
      const out = result.stdout
      const stride = 4 + 4 * code.outputCount
      return windows.map((_, w) => {
        const status = out.readInt32LE(w * stride)
        if (status !== 0) throw new Error(`mote_dsp_${code.block}_compute returned ${status}`)
        const at = w * stride + 4
        return Float64Array.from({ length: code.outputCount }, (_, i) =>
          numeric === 'fixed' ? out.readInt32LE(at + 4 * i) / 65536 : out.readFloatLE(at + 4 * i),
        )
      })
    },
    timeRun(caseIndex, window, repeats) {
      const result = spawnSync(exe, ['time', String(caseIndex), String(repeats)], {
        input: Buffer.from(encode(codes[caseIndex]!, window)),
        encoding: 'utf8',
      })
      return Number(result.stdout.trim())
    },
    workBytes() {
      const result = spawnSync(exe, ['work'], { encoding: 'utf8' })
      return result.stdout.trim().split('\n').map(Number)
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
