import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GeneratedC, NumericMode } from '../../../src/core/classical/learner'

/**
 * Compiles a classical model's generated C with host gcc — strict C99, AddressSanitizer and UBSan, and
 * `-ffp-contract=off` as docs/classical.md requires — into a program that reads float32 rows on stdin and
 * writes, per row, the predicted class (int32) and the class scores (float32 or int32, raw bytes).
 */
export interface CRun {
  readonly predictions: Int32Array
  /** Row-major rows×classes: float32 bits in float mode, int32 in fixed mode. */
  readonly scores: Float32Array | Int32Array
}

function mainSource(prefix: string, numeric: NumericMode): string {
  const P = prefix.toUpperCase()
  const score = numeric === 'fixed' ? 'int32_t' : 'float'
  return `#include <stdio.h>
#include <stdint.h>
#include "${prefix}.h"
int main(void) {
  float x[${P}_FEATURES];
  ${score} s[${P}_CLASSES];
  while (fread(x, sizeof(float), ${P}_FEATURES, stdin) == ${P}_FEATURES) {
    int32_t p = (int32_t)${prefix}_predict(x);
    ${prefix}_scores(x, s);
    fwrite(&p, sizeof p, 1, stdout);
    fwrite(s, sizeof s[0], ${P}_CLASSES, stdout);
  }
  return 0;
}
`
}

export function runGeneratedC(
  code: GeneratedC,
  prefix: string,
  numeric: NumericMode,
  rows: Float32Array,
  classes: number,
): CRun {
  const dir = mkdtempSync(join(tmpdir(), 'mote-classical-c-'))
  try {
    writeFileSync(join(dir, `${prefix}.h`), code.header)
    writeFileSync(join(dir, `${prefix}.c`), code.source)
    writeFileSync(join(dir, 'main.c'), mainSource(prefix, numeric))
    const exe = join(dir, 'run')
    const flags = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-O1', '-ffp-contract=off']
    const sanitize = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all']
    const cc = spawnSync(
      'gcc',
      [...flags, ...sanitize, '-o', exe, join(dir, `${prefix}.c`), join(dir, 'main.c')],
      {
        encoding: 'utf8',
      },
    )
    if (cc.status !== 0) throw new Error(`gcc failed:\n${cc.stderr}`)
    const run = spawnSync(exe, [], {
      input: Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength),
      maxBuffer: 1 << 28,
    })
    if (run.status !== 0) throw new Error(`the program failed (${run.status}):\n${run.stderr.toString()}`)
    const out = new Int32Array(new Uint8Array(run.stdout).buffer)
    const n = out.length / (classes + 1)
    const predictions = new Int32Array(n)
    const scoreBits = new Int32Array(n * classes)
    for (let r = 0; r < n; r++) {
      predictions[r] = out[r * (classes + 1)]!
      scoreBits.set(out.subarray(r * (classes + 1) + 1, (r + 1) * (classes + 1)), r * classes)
    }
    return { predictions, scores: numeric === 'fixed' ? scoreBits : new Float32Array(scoreBits.buffer) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
