import { expect, it } from 'vitest'
import type { LabelledTable, NumericMode } from '../../../src/core/classical/learner'
import type { AnyLearnerDef } from '../../../src/core/classical/registry'
import { parseLearnerParams, trainClassical } from '../../../src/core/classical/registry'
import { TrainErrorCode } from '../../../src/shared/api/train'
import { MoteFailure } from '../../../src/shared/errors'
import type { CRun } from './c-harness'
import { accuracy, blobs, edgeRows, oneClass, randomRows, xor } from './datasets'

/** The checks every classical learner must pass, as `it` cases in the caller's `describe`. */

export function trained(def: AnyLearnerDef, data: LabelledTable, params: unknown = {}, seed = 7): unknown {
  return trainClassical(def.kind, data, params, seed).model
}

export function failureCode(run: () => unknown): number | undefined {
  try {
    run()
  } catch (e) {
    if (e instanceof MoteFailure) return e.code
    throw e
  }
  return undefined
}

export interface LearnerExpectations {
  readonly params?: unknown
  /** Least accuracy on training XOR in both modes (logistic regression, being linear, states a most instead). */
  readonly xorAtLeast?: number
  readonly xorAtMost?: number
}

export function commonLearnerCases(def: AnyLearnerDef, expected: LearnerExpectations): void {
  const params = expected.params ?? {}
  it('separates three well-apart blobs in float and fixed point', () => {
    const data = blobs(40)
    const model = trained(def, data, params)
    for (const numeric of ['float', 'fixed'] as const) {
      expect(accuracy(data, (row) => def.predict(model, row, numeric))).toBeGreaterThanOrEqual(0.98)
    }
  })

  it('learns XOR as far as the model family can', () => {
    const data = xor(400)
    const model = trained(def, data, params)
    for (const numeric of ['float', 'fixed'] as const) {
      const acc = accuracy(data, (row) => def.predict(model, row, numeric))
      if (expected.xorAtLeast !== undefined) expect(acc).toBeGreaterThanOrEqual(expected.xorAtLeast)
      if (expected.xorAtMost !== undefined) expect(acc).toBeLessThanOrEqual(expected.xorAtMost)
    }
  })

  it('refuses rows of a single class with its own error code', () => {
    expect(failureCode(() => trained(def, oneClass(), params))).toBe(TrainErrorCode.ClassicalOneClass)
  })

  it('gives the same model for the same seed, and the model survives JSON', () => {
    const data = blobs(20)
    const a = trained(def, data, params, 5)
    expect(trained(def, data, params, 5)).toEqual(a)
    expect(def.parseModel(JSON.parse(JSON.stringify(a)))).toEqual(a)
  })

  it('rejects a damaged stored model with ClassicalModelDamaged', () => {
    expect(failureCode(() => def.parseModel({ cols: 'two' }))).toBe(TrainErrorCode.ClassicalModelDamaged)
  })

  it('rejects settings out of range with ClassicalBadParams', () => {
    expect(failureCode(() => parseLearnerParams(def, { budgetBytes: -1 }))).toBe(
      TrainErrorCode.ClassicalBadParams,
    )
  })
}

/** The rows a C agreement check feeds: the training rows, `count` random rows and `count` rows on rounding edges. */
export function agreementRows(model: unknown, data: LabelledTable, count = 3000): Float32Array {
  const quant = (model as { quant: { offset: number[]; scale: number[] } }).quant
  const parts = [data.x, randomRows(data, count), edgeRows(data, quant, count)]
  const rows = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  parts.reduce((at, p) => (rows.set(p, at), at + p.length), 0)
  return rows
}

/** Rows on which the C's class or scores differ from the TypeScript's, bit for bit (0 is the contract). */
export function mismatches(
  def: AnyLearnerDef,
  model: unknown,
  numeric: NumericMode,
  rows: Float32Array,
  cols: number,
  classes: number,
  run: CRun,
): number {
  const n = rows.length / cols
  if (run.predictions.length !== n) return n
  let count = 0
  for (let r = 0; r < n; r++) {
    const row = rows.subarray(r * cols, (r + 1) * cols)
    const scores = def.scores(model, row, numeric)
    const c = run.scores.subarray(r * classes, (r + 1) * classes)
    const same =
      scores.every((v, k) => Object.is(v, c[k])) && def.predict(model, row, numeric) === run.predictions[r]
    if (!same) count++
  }
  return count
}
