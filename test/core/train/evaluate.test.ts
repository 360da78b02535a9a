import { describe, expect, it } from 'vitest'
import { evaluatePredictions } from '../../../src/core/train/evaluate'

const refs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ sampleId: `s${i}`, window: i % 2, copy: 0 }))

describe('evaluation metrics', () => {
  it('computes accuracy, cross-entropy, the confusion matrix and per-class precision/recall/F1 by hand', () => {
    // 6 windows, 3 classes; true = [0, 0, 1, 1, 2, 2]; predicted (arg max) = [0, 1, 1, 1, 2, 0]
    const probs = Float32Array.from([
      0.7,
      0.2,
      0.1, // true 0 → 0
      0.3,
      0.6,
      0.1, // true 0 → 1 (wrong, confidence 0.6)
      0.1,
      0.8,
      0.1, // true 1 → 1
      0.25,
      0.5,
      0.25, // true 1 → 1
      0.1,
      0.1,
      0.8, // true 2 → 2
      0.9,
      0.05,
      0.05, // true 2 → 0 (wrong, confidence 0.9)
    ])
    const truth = Int32Array.from([0, 0, 1, 1, 2, 2])
    const e = evaluatePredictions(probs, truth, ['a', 'b', 'c'], refs(6))
    expect(e.count).toBe(6)
    expect(e.accuracy).toBeCloseTo(4 / 6, 12)
    expect(e.confusion).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ])
    // loss = −mean(ln 0.7, ln 0.3, ln 0.8, ln 0.5, ln 0.8, ln 0.05), computed in float32 inputs
    const p = [0.7, 0.3, 0.8, 0.5, 0.8, 0.05].map(Math.fround)
    expect(e.loss).toBeCloseTo(-p.reduce((s, x) => s + Math.log(x), 0) / 6, 9)
    // a: precision 1/2 (predicted a twice), recall 1/2; b: precision 2/3, recall 1; c: precision 1, recall 1/2
    expect(e.perClass.map((c) => [c.label, c.precision, c.recall, c.support])).toEqual([
      ['a', 0.5, 0.5, 2],
      ['b', 2 / 3, 1, 2],
      ['c', 1, 0.5, 2],
    ])
    expect(e.perClass[1]!.f1).toBeCloseTo(0.8, 12) // 2·(2/3)·1 / (2/3 + 1)
    expect(e.perClass[2]!.f1).toBeCloseTo(2 / 3, 12)
    // mistakes, the most confident first
    expect(e.misclassified.map((m) => [m.sampleId, m.label, m.predicted])).toEqual([
      ['s5', 'c', 'a'],
      ['s1', 'a', 'b'],
    ])
    expect(e.misclassified[0]!.confidence).toBeCloseTo(0.9, 6)
    expect(e.misclassified[0]!.window).toBe(1)
  })

  it('gives zeros, not NaN, for a class never predicted and one with no windows', () => {
    const e = evaluatePredictions(
      Float32Array.from([0.9, 0.1, 0, 0.8, 0.2, 0]),
      Int32Array.from([0, 1]),
      ['x', 'y', 'z'],
      refs(2),
    )
    expect(e.perClass[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 })
    expect(e.perClass[2]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 0 })
  })

  it('clips probabilities like Keras, so a confident mistake costs ln(1e7), not infinity', () => {
    const e = evaluatePredictions(Float32Array.from([1, 0]), Int32Array.from([1]), ['x', 'y'], refs(1))
    expect(e.loss).toBeCloseTo(-Math.log(1e-7), 6)
  })
})
