import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GeneratedAnomalyC } from '../../../src/core/anomaly'

/**
 * Compiles generated anomaly scorers with host gcc (C99, -Werror, AddressSanitizer and UBSan,
 * `-ffp-contract=off` as docs/classical.md requires) into one program that reads float32 rows on stdin and
 * writes each row's score (uint32 or float32, raw) and its is_anomaly flag (int32) for the scorer its first
 * argument names.
 */
export interface CScorer {
  readonly code: GeneratedAnomalyC
  readonly prefix: string
  readonly cols: number
}

export interface CScores {
  /** The score's 32 bits: read as Uint32 (fixed) or Float32 (float). */
  readonly bits: Uint32Array
  readonly alarms: Int32Array
}

function runner(s: CScorer, i: number): string {
  return `static void run_${i}(void) {
  float x[${s.cols}];
  while (fread(x, sizeof(float), ${s.cols}, stdin) == ${s.cols}) {
    ${s.code.header.includes('uint32_t ' + s.prefix + '_score(') ? 'uint32_t' : 'float'} score = ${s.prefix}_score(x);
    int32_t alarm = ${s.prefix}_is_anomaly(x);
    fwrite(&score, 4, 1, stdout);
    fwrite(&alarm, 4, 1, stdout);
  }
}`
}

export function compileScorers(scorers: readonly CScorer[]): {
  run(index: number, rows: Float32Array): CScores
  dispose(): void
} {
  const dir = mkdtempSync(join(tmpdir(), 'mote-anomaly-c-'))
  const sources = scorers.map((s) => {
    writeFileSync(join(dir, `${s.prefix}.h`), s.code.header)
    writeFileSync(join(dir, `${s.prefix}.c`), s.code.source)
    return join(dir, `${s.prefix}.c`)
  })
  const main = [
    '#include <stdio.h>',
    '#include <stdlib.h>',
    '#include <stdint.h>',
    ...scorers.map((s) => `#include "${s.prefix}.h"`),
    ...scorers.map(runner),
    'int main(int argc, char **argv) {',
    '  int which = argc > 1 ? atoi(argv[1]) : -1;',
    ...scorers.map((_, i) => `  if (which == ${i}) run_${i}();`),
    '  return 0;',
    '}',
  ].join('\n')
  writeFileSync(join(dir, 'main.c'), main)
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
      const input = Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength)
      const run = spawnSync(exe, [String(index)], { input, maxBuffer: 1 << 28 })
      if (run.status !== 0) throw new Error(`the program failed (${run.status}):\n${run.stderr.toString()}`)
      const out = new Uint32Array(new Uint8Array(run.stdout).buffer)
      const n = out.length / 2
      return {
        bits: Uint32Array.from({ length: n }, (_, r) => out[2 * r]!),
        alarms: Int32Array.from({ length: n }, (_, r) => out[2 * r + 1]!),
      }
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  }
}
