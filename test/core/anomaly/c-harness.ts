import { compileDispatchProgram } from '../../fixtures/c-dispatch'
import type { GeneratedAnomalyC } from '../../../src/core/anomaly'

/**
 * Compiles generated anomaly scorers into one host-gcc program (test/fixtures/c-dispatch.ts) that reads float32 rows on stdin and
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
  const program = compileDispatchProgram(
    'mote-anomaly-c-',
    scorers.map((s) => ({ prefix: s.prefix, ...s.code, runner: (i: number) => runner(s, i) })),
  )
  return {
    run(index, rows) {
      const raw = program.run(index, rows)
      const out = new Uint32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4)
      const n = out.length / 2
      return {
        bits: Uint32Array.from({ length: n }, (_, r) => out[2 * r]!),
        alarms: Int32Array.from({ length: n }, (_, r) => out[2 * r + 1]!),
      }
    },
    dispose: program.dispose,
  }
}
