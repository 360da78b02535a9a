/**
 * Classical learners on the digits table: `npm run bench classical [-- --quick]`.
 *
 * Trains every classical learner (src/core/classical) on the digits demo's training rows — unlimited, and
 * again under a 2 KB flash budget for its fixed-point model data — and the float MLP baseline (the studio's
 * training core, dense-mlp [32, 16]) in the same run. Prints per model: test accuracy (float and fixed C
 * arithmetic, computed by the bit-exact TypeScript references), model data bytes (fixed), RAM, the model's
 * code + data on the ATmega328P (avr-gcc -Os, from the ELF) and cycles per prediction in simavr. Then the
 * best model whose fixed model data is ≤ 2048 bytes against the MLP: the goal is within 2 pp.
 */
import type { LabelledTable, NumericMode } from '../src/core/classical/learner'
import { learnerFor, trainClassical } from '../src/core/classical/registry'
import { DIGITS_MAX_VALUE } from '../src/core/demo/digits'
import { runModelOnAvr } from '../test/core/classical/avr'
import { digitsSplit } from './classical/digits'
import { trainMlpBaseline } from './classical/mlp'

const BUDGET = 2048
const UNO_HZ = 16_000_000
const quick = process.argv.includes('--quick')

interface Config {
  readonly name: string
  readonly kind: string
  readonly params: Record<string, unknown>
}

const pixels = { sharedScale: true }
const budget = { ...pixels, budgetBytes: BUDGET }
const CONFIGS: readonly Config[] = [
  { name: 'cart', kind: 'cart', params: pixels },
  { name: 'cart ≤2K', kind: 'cart', params: budget },
  { name: 'forest 20', kind: 'forest', params: { ...pixels, trees: 20 } },
  { name: 'forest 8 ≤2K', kind: 'forest', params: { ...budget, trees: 8 } },
  { name: 'gbt 30×10', kind: 'gbt', params: { ...pixels, rounds: 30 } },
  { name: 'gbt ≤2K', kind: 'gbt', params: { ...budget, rounds: 100, maxLeaves: 4, learningRate: 0.5 } },
  { name: 'knn 16/class', kind: 'knn', params: { ...pixels, prototypesPerClass: 16, k: 1 } },
  { name: 'knn ≤2K', kind: 'knn', params: { ...budget, prototypesPerClass: 64, k: 1 } },
  { name: 'logreg 16-bit', kind: 'logreg', params: pixels },
  { name: 'logreg ≤2K', kind: 'logreg', params: { ...budget, weightBits: 8 } },
  {
    name: 'protonn ≤2K',
    kind: 'protonn',
    params: { projection: 16, prototypesPerClass: 4, budgetBytes: BUDGET },
  },
  { name: 'bonsai ≤2K', kind: 'bonsai', params: { projection: 16, sigma: 4, budgetBytes: BUDGET } },
]

function accuracy(kind: string, model: unknown, data: LabelledTable, numeric: NumericMode): number {
  const def = learnerFor(kind)
  let right = 0
  for (let r = 0; r < data.rows; r++) {
    if (def.predict(model, data.x.subarray(r * data.cols, (r + 1) * data.cols), numeric) === data.y[r])
      right++
  }
  return right / data.rows
}

interface Row {
  readonly name: string
  readonly floatAcc: number
  readonly fixedAcc: number
  readonly dataBytes: number
  readonly ramBytes: number
  readonly avrBytes: number
  readonly cycles: number
  readonly seconds: number
}

function measure(config: Config, train: LabelledTable, test: LabelledTable): Row {
  const started = Date.now()
  const { model } = trainClassical(config.kind, train, config.params, 1)
  const seconds = (Date.now() - started) / 1000
  const def = learnerFor(config.kind)
  const size = def.size(model, 'fixed')
  const prefix = `b_${config.kind}`
  const sample = test.x.subarray(0, (quick ? 2 : 6) * test.cols)
  const avr = onUno(() =>
    runModelOnAvr(def.emitC(model, 'fixed', prefix), prefix, 'fixed', sample, test.cols, test.classes),
  )
  return {
    name: config.name,
    floatAcc: accuracy(config.kind, model, test, 'float'),
    fixedAcc: accuracy(config.kind, model, test, 'fixed'),
    dataBytes: size.flashBytes,
    ramBytes: size.ramBytes,
    avrBytes: avr.modelFlashBytes,
    cycles: avr.cyclesPerPrediction,
    seconds,
  }
}

/** The AVR figures, or NaN when the model does not fit the Uno's 32 KB of flash. */
function onUno(build: () => { modelFlashBytes: number; cyclesPerPrediction: number }) {
  try {
    return build()
  } catch (e) {
    if (e instanceof Error && e.message.includes('will not fit'))
      return { modelFlashBytes: NaN, cyclesPerPrediction: NaN }
    throw e
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7)
const num = (x: number, w = 7) => (Number.isNaN(x) ? '> flash' : String(Math.round(x))).padStart(w)

async function main(): Promise<void> {
  const { train, test } = digitsSplit()
  console.log(
    `digits: ${train.rows} training rows, ${test.rows} test rows, ${train.cols} features, ${train.classes} classes`,
  )
  console.log('model            float   fixed  data B  RAM B  AVR B (code+data)  cycles   ms@16MHz  train s')
  const rows: Row[] = []
  for (const config of CONFIGS) {
    const r = measure(config, train, test)
    rows.push(r)
    console.log(
      `${r.name.padEnd(15)} ${pct(r.floatAcc)} ${pct(r.fixedAcc)} ${num(r.dataBytes)} ${num(r.ramBytes, 6)} ${num(r.avrBytes, 18)} ${num(r.cycles, 8)} ${((r.cycles / UNO_HZ) * 1000).toFixed(2).padStart(10)} ${r.seconds.toFixed(1).padStart(8)}`,
    )
  }
  const mlp = await trainMlpBaseline(train, test, DIGITS_MAX_VALUE)
  console.log(
    `${'float MLP'.padEnd(15)} ${pct(mlp.accuracy)}     n/a ${num(mlp.parameterBytes)}   (dense-mlp [32, 16], float32 weights; train ${mlp.seconds.toFixed(1)} s)`,
  )
  const fitting = rows.filter((r) => r.dataBytes <= BUDGET)
  const best = fitting.reduce((a, b) => (b.fixedAcc > a.fixedAcc ? b : a))
  const gap = (mlp.accuracy - best.fixedAcc) * 100
  console.log(
    `\nbest with fixed model data ≤ ${BUDGET} B: ${best.name} at ${pct(best.fixedAcc).trim()} (${best.dataBytes} B data, ${best.avrBytes} B code+data on the Uno)` +
      ` vs float MLP ${pct(mlp.accuracy).trim()}: ${gap.toFixed(1)} pp behind (goal ≤ 2 pp: ${gap <= 2 ? 'met' : 'NOT met'})`,
  )
}

await main()
