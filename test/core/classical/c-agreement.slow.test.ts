import { describe, it } from 'vitest'
import { learners } from '../../../src/core/classical/registry'
import { blobs, noise, xor } from './datasets'
import { expectCMatchesTypeScript, trained } from './learner-cases'

/**
 * Every registered learner's generated C, compiled with host gcc (strict C99, sanitizers, no FP contraction),
 * against its TypeScript reference on the training rows plus 3000 random rows per table: the same class and
 * the same scores, bit for bit, in float and in fixed point.
 */
const tables = { blobs: blobs(60), xor: xor(400), noise: noise(300, 4) }

describe.each(learners().map((def) => [def.kind, def] as const))('the generated C of %s', (_kind, def) => {
  for (const [name, data] of Object.entries(tables)) {
    for (const numeric of ['float', 'fixed'] as const) {
      it(`agrees with the TypeScript on ${name} in ${numeric}`, () => {
        expectCMatchesTypeScript(def, trained(def, data, {}), data, numeric)
      })
    }
  }
})
