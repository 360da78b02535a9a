import { describe, expect, it } from 'vitest'
import { argmax } from '../../../src/core/classical/learner'
import { learnerFor } from '../../../src/core/classical/registry'
import { runOnAvr, scoresHash } from './edgeml/avr'
import { digitsSplit } from './edgeml/digits'
import { fixedPath } from './edgeml/fixed-path'

/**
 * The goal of issue 15 on the virtual Uno's chip: Bonsai and ProtoNN trained on the 64-feature digits under
 * a 2 KB budget, their fixed-point C built for the ATmega328P (-Os, model in PROGMEM) and run in simavr on
 * 24 test rows — every class and every score (by hash) equal to the TypeScript reference, at most 2048
 * bytes of model data in flash, at most 512 bytes of RAM for the model (its quantised row, the scores and
 * the measured stack peak), and the cycles of one inference measured.
 */
const { train, test } = digitsSplit(40)
const ROWS = 24

describe.each(['bonsai', 'protonn'] as const)('%s on the ATmega328P in simavr', (kind) => {
  it('scores digits exactly as the TypeScript, within 2 KB of flash and 0.5 KB of RAM', () => {
    const def = learnerFor(kind)
    const model = def.train(train, def.paramsSchema.parse({ epochs: 12, budgetBytes: 2048 }), 1)
    const path = fixedPath(kind, model)
    const rows = new Int16Array(ROWS * test.cols)
    for (let r = 0; r < ROWS; r++)
      rows.set(path.quantise(test.x.subarray(r * test.cols, (r + 1) * test.cols)), r * test.cols)
    const avr = runOnAvr(def.emitC(model, 'fixed', 'model'), rows, test.cols)
    for (let r = 0; r < ROWS; r++) {
      const scores = path.scoresQ(Int32Array.from(rows.subarray(r * test.cols, (r + 1) * test.cols)))
      expect(avr.hashes[r]).toBe(scoresHash(scores))
      expect(avr.classes[r]).toBe(argmax(scores))
    }
    expect(avr.cycles).toHaveLength(ROWS)
    const { flashBytes } = def.size(model, 'fixed')
    expect(flashBytes).toBeLessThanOrEqual(2048)
    // gc-sections drops the unused float quantiser and its exponent table: the rest is what size() counts.
    expect(avr.modelDataBytes).toBe(flashBytes - test.cols)
    // The model's RAM: the quantised row (int16), the int32 scores and the stack at its deepest.
    expect(2 * test.cols + 4 * test.classes + avr.stackBytes).toBeLessThanOrEqual(512)
  })
})
