import { describe, expect, it } from 'vitest'
import type { LabelledTable } from '../../../src/core/classical/learner'
import { learnerFor } from '../../../src/core/classical/registry'
import { createRng } from '../../../src/core/train/random'
import { digitsSplit } from './edgeml/digits'
import { expectCMatchesTypeScript, trained } from './learner-cases'

/**
 * Bonsai's and ProtoNN's generated C, compiled with host gcc (strict C99, sanitizers, no FP contraction),
 * against the TypeScript reference on tables the shared agreement test does not have: the 64-feature
 * digits under a 1 KB budget (compressed rows with uint8 indices) and a 300-feature table under 1.2 KB
 * (uint16 indices), each with its training rows plus 3000 random rows — the same classes and scores, bit
 * for bit.
 */
function wide(rows: number, cols: number): LabelledTable {
  const rng = createRng(5)
  const x = new Float32Array(rows * cols).map(() => rng.normal() * 3)
  const y = Int32Array.from({ length: rows }, (_, r) => (x[r * cols]! + x[r * cols + 7]! > 0 ? 1 : 0))
  return { x, rows, cols, y, classes: 2 }
}

const tables = {
  digits: { data: digitsSplit(16).train, params: { epochs: 6, budgetBytes: 1000 }, index: 'uint8_t' },
  'a 300-feature table': {
    data: wide(120, 300),
    params: { epochs: 4, projection: 6, budgetBytes: 1200 },
    index: 'uint16_t',
  },
}

describe.each(['bonsai', 'protonn'])('the generated C of %s', (kind) => {
  const def = learnerFor(kind)
  for (const [name, { data, params, index }] of Object.entries(tables)) {
    const model = trained(def, data, params)
    for (const numeric of ['float', 'fixed'] as const) {
      it(`agrees with the TypeScript on ${name} in ${numeric}, its projection compressed by rows`, () => {
        const source = def.emitC(model, numeric, 'm').source
        expect(source).toMatch(new RegExp(`static const ${index} m_[WZ]_col\\[`))
        expectCMatchesTypeScript(def, model, data, numeric)
      })
    }
  }
})
