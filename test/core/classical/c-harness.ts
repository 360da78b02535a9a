import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GeneratedC, NumericMode } from '../../../src/core/classical/learner'

/**
 * Compiles classical models' generated C with host gcc — strict C99, AddressSanitizer and UBSan, and
 * `-ffp-contract=off` as docs/classical.md requires — into one program (one compile for many models, the
 * slow part) that reads float32 rows on stdin and writes, per row, the predicted class (int32) and the class
 * scores (float32 or int32, raw bytes) of the model chosen by its first argument.
 */
export interface CModel {
  readonly code: GeneratedC
  readonly prefix: string
  readonly numeric: NumericMode
  readonly cols: number
  readonly classes: number
}

export interface CRun {
  readonly predictions: Int32Array
  /** Row-major rows×classes: float32 in float mode, int32 in fixed mode. */
  readonly scores: Float32Array | Int32Array
}

export interface CProgram {
  run(model: number, rows: Float32Array): CRun
  dispose(): void
}

function runnerOf(m: CModel, i: number): string {
  const score = m.numeric === 'fixed' ? 'int32_t' : 'float'
  return `static void run_${i}(void) {
  float x[${m.cols}];
  ${score} s[${m.classes}];
  while (fread(x, sizeof(float), ${m.cols}, stdin) == ${m.cols}) {
    int32_t p = (int32_t)${m.prefix}_predict(x);
    ${m.prefix}_scores(x, s);
    fwrite(&p, sizeof p, 1, stdout);
    fwrite(s, sizeof s[0], ${m.classes}, stdout);
  }
}`
}

function mainSource(models: readonly CModel[]): string {
  return [
    '#include <stdio.h>',
    '#include <stdlib.h>',
    '#include <stdint.h>',
    ...models.map((m) => `#include "${m.prefix}.h"`),
    ...models.map(runnerOf),
    'int main(int argc, char **argv) {',
    '  int which = argc > 1 ? atoi(argv[1]) : -1;',
    ...models.map((_, i) => `  if (which == ${i}) run_${i}();`),
    '  return 0;',
    '}',
    '',
  ].join('\n')
}

export function compileModels(models: readonly CModel[]): CProgram {
  const dir = mkdtempSync(join(tmpdir(), 'mote-classical-c-'))
  const sources = models.map((m) => {
    writeFileSync(join(dir, `${m.prefix}.h`), m.code.header)
    writeFileSync(join(dir, `${m.prefix}.c`), m.code.source)
    return join(dir, `${m.prefix}.c`)
  })
  writeFileSync(join(dir, 'main.c'), mainSource(models))
  const exe = join(dir, 'run')
  const flags = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-O1', '-ffp-contract=off']
  const sanitize = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all']
  const cc = spawnSync('gcc', [...flags, ...sanitize, '-o', exe, ...sources, join(dir, 'main.c')], {
    encoding: 'utf8',
  })
  if (cc.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`gcc failed:\n${cc.stderr}`)
  }
  return {
    run(index, rows) {
      const m = models[index]!
      const input = Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength)
      const run = spawnSync(exe, [String(index)], { input, maxBuffer: 1 << 28 })
      if (run.status !== 0) throw new Error(`the program failed (${run.status}):\n${run.stderr.toString()}`)
      return splitOutput(new Int32Array(new Uint8Array(run.stdout).buffer), m)
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  }
}

function splitOutput(out: Int32Array, m: CModel): CRun {
  const k = m.classes
  const n = out.length / (k + 1)
  const predictions = new Int32Array(n)
  const bits = new Int32Array(n * k)
  for (let r = 0; r < n; r++) {
    predictions[r] = out[r * (k + 1)]!
    bits.set(out.subarray(r * (k + 1) + 1, (r + 1) * (k + 1)), r * k)
  }
  return { predictions, scores: m.numeric === 'fixed' ? bits : new Float32Array(bits.buffer) }
}
