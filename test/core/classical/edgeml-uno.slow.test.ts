import { describe, expect, it } from 'vitest'
import { bonsaiLearner } from '../../../src/core/classical/bonsai'
import { bonsaiScoresQ, cachedBonsaiFixed } from '../../../src/core/classical/bonsai/fixed'
import { quantiseInput } from '../../../src/core/classical/edgeml/quantise'
import { protoNNLearner } from '../../../src/core/classical/protonn'
import { cachedFixedForm, protoNNScoresQ } from '../../../src/core/classical/protonn/fixed'
import { argmax } from '../../../src/core/classical/learner'
import { runOnAvr, scoresHash } from './edgeml/avr'
import { digitsSplit } from './edgeml/digits'

/**
 * The goal of issue 15 on the virtual Uno's chip: Bonsai and ProtoNN trained on the 64-feature digits under
 * a 2 KB budget, their fixed-point C built for the ATmega328P (-Os, model in PROGMEM) and run in simavr on
 * 24 test rows — every class and every score (by hash) equal to the TypeScript reference, at most 2048
 * bytes of model data in flash, at most 512 bytes of RAM for the model (its quantised row, the scores and
 * the measured stack peak), and the cycles of one inference measured.
 */
const { train, test } = digitsSplit(40)
const ROWS = 24

interface Case {
  readonly code: ReturnType<typeof bonsaiLearner.emitC>
  readonly flashBytes: number
  readonly quantise: (row: Float32Array) => Int32Array
  readonly scoresQ: (q: Int32Array) => Int32Array
}

function bonsaiCase(): Case {
  const model = bonsaiLearner.train(
    train,
    bonsaiLearner.paramsSchema.parse({ epochs: 12, budgetBytes: 2048 }),
    1,
  )
  const fx = cachedBonsaiFixed(model)
  return {
    code: bonsaiLearner.emitC(model, 'fixed', 'model'),
    flashBytes: bonsaiLearner.size(model, 'fixed').flashBytes,
    quantise: (row) => quantiseInput(row, fx.exponents, fx.qmax),
    scoresQ: (q) => bonsaiScoresQ(model, fx, q),
  }
}

function protoNNCase(): Case {
  const model = protoNNLearner.train(
    train,
    protoNNLearner.paramsSchema.parse({ epochs: 12, budgetBytes: 2048 }),
    1,
  )
  const fx = cachedFixedForm(model)
  return {
    code: protoNNLearner.emitC(model, 'fixed', 'model'),
    flashBytes: protoNNLearner.size(model, 'fixed').flashBytes,
    quantise: (row) => quantiseInput(row, fx.exponents, fx.qmax),
    scoresQ: (q) => protoNNScoresQ(fx, q, model.prototypes),
  }
}

describe.each([
  ['Bonsai', bonsaiCase],
  ['ProtoNN', protoNNCase],
] as const)('%s on the ATmega328P in simavr', (_name, make) => {
  it('scores digits exactly as the TypeScript, within 2 KB of flash and 0.5 KB of RAM', () => {
    const c = make()
    const rows = new Int16Array(ROWS * test.cols)
    for (let r = 0; r < ROWS; r++)
      rows.set(c.quantise(test.x.subarray(r * test.cols, (r + 1) * test.cols)), r * test.cols)
    const avr = runOnAvr(c.code, rows, test.cols)
    for (let r = 0; r < ROWS; r++) {
      const scores = c.scoresQ(Int32Array.from(rows.subarray(r * test.cols, (r + 1) * test.cols)))
      expect(avr.hashes[r]).toBe(scoresHash(scores))
      expect(avr.classes[r]).toBe(argmax(scores))
    }
    expect(avr.cycles).toHaveLength(ROWS)
    expect(c.flashBytes).toBeLessThanOrEqual(2048)
    // gc-sections drops the unused float quantiser and its exponent table: the rest is what size() counts.
    expect(avr.modelDataBytes).toBe(c.flashBytes - test.cols)
    // The model's RAM: the quantised row (int16), the int32 scores and the stack at its deepest.
    const modelRam = 2 * test.cols + 4 * test.classes + avr.stackBytes
    expect(modelRam).toBeLessThanOrEqual(512)
  })
})
