import { describe, expect, it } from 'vitest'
import type { NumericMode } from '../../../src/core/classical/learner'
import { learners } from '../../../src/core/classical/registry'
import { runModelOnAvr } from './avr'
import { blobs, randomRows } from './datasets'
import { mismatches, trained } from './learner-cases'

/**
 * Each learner's C built with avr-gcc for the ATmega328P and run in simavr on 24 rows: the same classes and
 * scores as the TypeScript, bit for bit, in both numeric modes (avr-gcc's float is IEEE single, like the host's).
 */
const data = blobs(30)
const rows = new Float32Array([...data.x.subarray(0, 12 * data.cols), ...randomRows(data, 12)])

describe.each(learners().map((def) => [def.kind, def] as const))('%s on the ATmega328P', (kind, def) => {
  const model = trained(def, data, {})
  for (const numeric of ['float', 'fixed'] as NumericMode[]) {
    it(`gives the host's classes and scores in ${numeric}, and its model code fits the flash`, () => {
      const prefix = `avr_${kind}`
      const result = runModelOnAvr(
        def.emitC(model, numeric, prefix),
        prefix,
        numeric,
        rows,
        data.cols,
        data.classes,
      )
      expect(mismatches(def, model, numeric, rows, data.cols, data.classes, result)).toBe(0)
      expect(result.cyclesPerPrediction).toBeGreaterThan(0)
      expect(result.modelFlashBytes).toBeGreaterThanOrEqual(def.size(model, numeric).flashBytes)
      expect(result.modelFlashBytes).toBeLessThan(32 * 1024)
    })
  }
})
