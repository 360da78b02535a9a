/**
 * Bonsai and ProtoNN under a 2 KB flash budget on the 64-feature digits table, next to a float MLP, and on
 * the virtual Uno's chip: `npm run bench classical-edgeml` (~2–4 minutes on 2 shared cores).
 *
 * - Data: the digits demo table (src/core/demo/digits.ts, seed 20261208): 1440 training rows, 360 test rows.
 * - Baseline, measured in the same run: a float MLP 64→32→10 (bench/classical-edgeml/mlp.ts), 30 epochs.
 * - Each EdgeML model is trained with `budgetBytes: 2048` (fixed point) and evaluated on the test rows in
 *   float and in fixed point; its fixed-point C is built for the ATmega328P (avr-gcc -Os, PROGMEM) and run in
 *   simavr on 32 test rows (test/core/classical/edgeml/avr.ts): classes and scores compared with the
 *   TypeScript, cycles per inference, model data and code bytes from the ELF, the stack's peak.
 */
import { argmax, type LabelledTable } from '../src/core/classical/learner'
import { learnerFor, type AnyLearnerDef } from '../src/core/classical/registry'
import { runOnAvr, scoresHash } from '../test/core/classical/edgeml/avr'
import { digitsSplit } from '../test/core/classical/edgeml/digits'
import { fixedPath, type FixedPath } from '../test/core/classical/edgeml/fixed-path'
import { mlpAccuracy } from './classical-edgeml/mlp'

const BUDGET = 2048
const AVR_ROWS = 32
const { train, test } = digitsSplit(180)

function accuracy(def: AnyLearnerDef, model: unknown, numeric: 'float' | 'fixed'): number {
  let right = 0
  for (let r = 0; r < test.rows; r++)
    if (def.predict(model, test.x.subarray(r * test.cols, (r + 1) * test.cols), numeric) === test.y[r])
      right++
  return right / test.rows
}

function onUno(def: AnyLearnerDef, model: unknown, fixed: FixedPath, data: LabelledTable) {
  const rows = new Int16Array(AVR_ROWS * data.cols)
  for (let r = 0; r < AVR_ROWS; r++)
    rows.set(fixed.quantise(data.x.subarray(r * data.cols, (r + 1) * data.cols)), r * data.cols)
  const avr = runOnAvr(def.emitC(model, 'fixed', 'model'), rows, data.cols)
  let mismatches = 0
  for (let r = 0; r < AVR_ROWS; r++) {
    const s = fixed.scoresQ(Int32Array.from(rows.subarray(r * data.cols, (r + 1) * data.cols)))
    if (scoresHash(s) !== avr.hashes[r] || argmax(s) !== avr.classes[r]) mismatches++
  }
  return { ...avr, mismatches }
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`

function report(name: string, kind: 'bonsai' | 'protonn', params: unknown, mlp: number): void {
  const def = learnerFor(kind)
  const started = performance.now()
  const model = def.train(train, def.paramsSchema.parse(params), 1)
  const trainSeconds = (performance.now() - started) / 1000
  const [float, fixed] = [accuracy(def, model, 'float'), accuracy(def, model, 'fixed')]
  const uno = onUno(def, model, fixedPath(kind, model), test)
  const cycles = uno.cycles.reduce((a, b) => a + b, 0) / uno.cycles.length
  const size = def.size(model, 'fixed')
  const ram = 2 * test.cols + 4 * test.classes + uno.stackBytes
  console.log(`\n${name} ${JSON.stringify(params)} — trained in ${trainSeconds.toFixed(1)} s`)
  console.log(
    `  test accuracy: float ${pct(float)}, fixed ${pct(fixed)} (MLP − fixed: ${(100 * (mlp - fixed)).toFixed(1)} pp)`,
  )
  console.log(
    `  size(): fixed ${size.flashBytes} B flash / ${size.ramBytes} B RAM; float ${def.size(model, 'float').flashBytes} B flash`,
  )
  console.log(`  ATmega328P (simavr, ${AVR_ROWS} rows): ${uno.mismatches} mismatches with the TypeScript`)
  console.log(
    `    cycles per inference: mean ${cycles.toFixed(0)}, min ${Math.min(...uno.cycles)}, max ${Math.max(...uno.cycles)} (${(cycles / 16000).toFixed(2)} ms at 16 MHz)`,
  )
  console.log(
    `    flash: model data ${uno.modelDataBytes} B (+${test.cols} B input exponents when the float quantiser is linked), evaluator code ${uno.modelCodeBytes} B; whole image .text ${uno.textBytes} B`,
  )
  console.log(
    `    RAM: stack peak ${uno.stackBytes} B + quantised row ${2 * test.cols} B + scores ${4 * test.classes} B = ${ram} B`,
  )
  const goal = size.flashBytes <= BUDGET && ram <= 512 && uno.mismatches === 0
  console.log(`  goal (≤ 2048 B model flash, ≤ 512 B RAM, exact on the board): ${goal ? 'met' : 'NOT met'}`)
}

const mlpStarted = performance.now()
const mlp = mlpAccuracy(train, test, 32, 30, 1)
console.log(`Digits: ${train.rows} training rows, ${test.rows} test rows, 64 features, 10 classes.`)
console.log(
  `Baseline: float MLP 64→32→10, ${mlp.parameters} parameters (${4 * mlp.parameters} B as float32), test accuracy ${pct(mlp.accuracy)}, trained in ${((performance.now() - mlpStarted) / 1000).toFixed(1)} s`,
)

report('ProtoNN', 'protonn', { projection: 16, prototypesPerClass: 4, budgetBytes: BUDGET }, mlp.accuracy)
report('Bonsai', 'bonsai', { projection: 16, depth: 2, sigma: 4, budgetBytes: BUDGET }, mlp.accuracy)
