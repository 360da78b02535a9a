import { compileDispatchProgram } from '../../fixtures/c-dispatch'
import type { GeneratedC, NumericMode } from '../../../src/core/classical/learner'

/**
 * Compiles classical models' generated C into one host-gcc program (test/fixtures/c-dispatch.ts) that reads float32 rows on stdin and writes, per row, the predicted class (int32) and the class
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

export function compileModels(models: readonly CModel[]): CProgram {
  const program = compileDispatchProgram(
    'mote-classical-c-',
    models.map((m) => ({ prefix: m.prefix, ...m.code, runner: (i: number) => runnerOf(m, i) })),
  )
  return {
    run(index, rows) {
      const out = program.run(index, rows)
      return splitOutput(new Int32Array(out.buffer, out.byteOffset, out.byteLength / 4), models[index]!)
    },
    dispose: program.dispose,
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
