import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LabelledTable, NumericMode } from '../../../src/core/classical/learner'
import { learnerFor } from '../../../src/core/classical/registry'
import { createRng } from '../../../src/core/train/random'
import { compileModels, type CProgram } from './c-harness'
import { digitsSplit } from './edgeml/digits'
import { agreementRows, mismatches, trained } from './learner-cases'

/**
 * Bonsai's and ProtoNN's generated C, compiled with host gcc (strict C99, sanitizers, no FP contraction)
 * into one program, against the TypeScript reference on tables the shared agreement test does not have:
 * the 64-feature digits under a 1 KB budget (rows compressed with uint8 indices) and a 300-feature table
 * under 1.2 KB (uint16 indices) — training rows, 3000 random rows and 3000 rows on the quantiser's rounding
 * edges each: the same classes and scores, bit for bit.
 */
function wide(rows: number, cols: number): LabelledTable {
  const rng = createRng(5)
  const x = new Float32Array(rows * cols).map(() => rng.normal() * 3)
  const y = Int32Array.from({ length: rows }, (_, r) => (x[r * cols]! + x[r * cols + 7]! > 0 ? 1 : 0))
  return { x, rows, cols, y, classes: 2 }
}

const tables = [
  { name: 'digits', data: digitsSplit(16).train, params: { epochs: 6, budgetBytes: 1000 }, index: 'uint8_t' },
  {
    name: 'a 300-feature table',
    data: wide(120, 300),
    params: { epochs: 4, projection: 6, budgetBytes: 1200 },
    index: 'uint16_t',
  },
]

const cases = ['bonsai', 'protonn'].flatMap((kind) => {
  const def = learnerFor(kind)
  return tables.flatMap((t) => {
    const model = trained(def, t.data, t.params)
    return (['float', 'fixed'] as NumericMode[]).map((numeric) => ({ def, ...t, model, numeric }))
  })
})

describe('the generated C of Bonsai and ProtoNN', () => {
  let program: CProgram
  beforeAll(() => {
    program = compileModels(
      cases.map((c, i) => ({
        code: c.def.emitC(c.model, c.numeric, `m${i}`),
        prefix: `m${i}`,
        numeric: c.numeric,
        cols: c.data.cols,
        classes: c.data.classes,
      })),
    )
  })
  afterAll(() => program?.dispose())

  cases.forEach((c, i) => {
    it(`${c.def.kind} agrees with the TypeScript on ${c.name} in ${c.numeric}, its projection compressed by rows`, () => {
      expect(c.def.emitC(c.model, c.numeric, 'm').source).toMatch(
        new RegExp(`static const ${c.index} m_[WZ]_col\\[`),
      )
      const rows = agreementRows(c.model, c.data)
      expect(
        mismatches(c.def, c.model, c.numeric, rows, c.data.cols, c.data.classes, program.run(i, rows)),
      ).toBe(0)
    })
  })
})
