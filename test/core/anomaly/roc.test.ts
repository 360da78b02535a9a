import { describe, expect, it } from 'vitest'
import { rocAuc, rocCurve } from '../../../src/core/anomaly'
import { createRng } from '../../../src/core/train/random'

/** The AUC by its definition: over every (anomaly, normal) pair, 1 if the anomaly scores higher, ½ on a tie. */
function pairwiseAuc(scores: number[], anomalous: boolean[]): number {
  let [sum, pairs] = [0, 0]
  scores.forEach((a, i) => {
    if (!anomalous[i]) return
    scores.forEach((n, j) => {
      if (anomalous[j]) return
      sum += a > n ? 1 : a === n ? 0.5 : 0
      pairs++
    })
  })
  return sum / pairs
}

describe('ROC and AUC', () => {
  it('gives 1 when every anomaly scores above every normal window, 0 when below, ½ when all tie', () => {
    const labels = [false, false, true, true]
    expect(rocAuc([1, 2, 3, 4], labels)).toBe(1)
    expect(rocAuc([4, 3, 2, 1], labels)).toBe(0)
    expect(rocAuc([5, 5, 5, 5], labels)).toBe(0.5)
  })

  it('equals the pairwise definition on random scores with ties', () => {
    const rng = createRng(5)
    const scores = Array.from({ length: 300 }, () => rng.int(0, 40))
    const labels = scores.map(() => rng.next() < 0.3)
    expect(rocAuc(scores, labels)).toBeCloseTo(pairwiseAuc(scores, labels), 12)
  })

  it('is NaN without both kinds of window', () => {
    expect(rocAuc([1, 2], [false, false])).toBeNaN()
  })

  it('runs from (0, 0) to (1, 1), monotone, its trapezoids summing to the AUC', () => {
    const rng = createRng(6)
    const scores = Array.from({ length: 150 }, () => rng.int(0, 60))
    const labels = scores.map((s) => rng.next() < s / 80)
    const curve = rocCurve(scores, labels, 1000)
    expect(curve[0]).toMatchObject({ falseAlarmRate: 0, detectionRate: 0 })
    expect(curve[curve.length - 1]).toMatchObject({ falseAlarmRate: 1, detectionRate: 1 })
    let area = 0
    for (let i = 1; i < curve.length; i++) {
      const [a, b] = [curve[i - 1]!, curve[i]!]
      expect(b.falseAlarmRate).toBeGreaterThanOrEqual(a.falseAlarmRate)
      expect(b.detectionRate).toBeGreaterThanOrEqual(a.detectionRate)
      area += ((b.falseAlarmRate - a.falseAlarmRate) * (a.detectionRate + b.detectionRate)) / 2
    }
    expect(area).toBeCloseTo(rocAuc(scores, labels), 12)
    expect(rocCurve(scores, labels, 20)).toHaveLength(20)
  })
})
