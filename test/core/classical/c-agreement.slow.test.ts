import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NumericMode } from '../../../src/core/classical/learner'
import { learners } from '../../../src/core/classical/registry'
import type { CModel, CProgram } from './c-harness'
import { compileModels } from './c-harness'
import { blobs, noise } from './datasets'
import { agreementRows, mismatches, trained } from './learner-cases'

/**
 * Every registered learner's generated C, compiled with host gcc (strict C99, sanitizers, no FP contraction),
 * against its TypeScript reference on the training rows plus 3000 random rows and 3000 rows on the
 * quantiser's rounding edges per table: the same class and the same scores, bit for bit, in float and in
 * fixed point. All models go into one program, so gcc runs once.
 */
const tables = { blobs: blobs(60), noise: noise(300, 4) }
const cases = learners().flatMap((def) =>
  Object.entries(tables).flatMap(([name, data]) => {
    const model = trained(def, data, {})
    return (['float', 'fixed'] as NumericMode[]).map((numeric) => ({ def, name, data, model, numeric }))
  }),
)

describe('the generated C of every classical learner', () => {
  let program: CProgram
  beforeAll(() => {
    const models: CModel[] = cases.map((c, i) => {
      const prefix = `m${i}_${c.def.kind}`
      return {
        code: c.def.emitC(c.model, c.numeric, prefix),
        prefix,
        numeric: c.numeric,
        cols: c.data.cols,
        classes: c.data.classes,
      }
    })
    program = compileModels(models)
  })
  afterAll(() => program?.dispose())

  cases.forEach((c, i) => {
    it(`${c.def.kind} agrees with the TypeScript on ${c.name} in ${c.numeric}`, () => {
      const rows = agreementRows(c.model, c.data)
      const run = program.run(i, rows)
      expect(mismatches(c.def, c.model, c.numeric, rows, c.data.cols, c.data.classes, run)).toBe(0)
    })
  })
})
