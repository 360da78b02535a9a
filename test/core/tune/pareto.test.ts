import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/core/train/random'
import { paretoFront, type ParetoPoint } from '../../../src/core/tune'

/** The definition, checked pair by pair: no other point is at least as good on both axes and better on one. */
function bruteForceFront(points: readonly ParetoPoint[]): string[] {
  return points
    .filter(
      (p) =>
        !points.some(
          (q) => q.accuracy >= p.accuracy && q.cost <= p.cost && (q.accuracy > p.accuracy || q.cost < p.cost),
        ),
    )
    .map((p) => p.id)
    .sort()
}

describe('the Pareto front', () => {
  it('is the points no other point dominates, on a hand-made example', () => {
    const points = [
      { id: 'a', accuracy: 0.9, cost: 10 },
      { id: 'b', accuracy: 0.95, cost: 20 },
      { id: 'c', accuracy: 0.85, cost: 15 }, // beaten by a
      { id: 'd', accuracy: 0.95, cost: 25 }, // beaten by b
      { id: 'e', accuracy: 0.5, cost: 1 },
      { id: 'f', accuracy: 0.99, cost: 100 },
    ]
    expect(paretoFront(points).map((p) => p.id)).toEqual(['e', 'a', 'b', 'f'])
  })

  it('agrees with the pairwise definition on random and tied synthetic points', () => {
    const rng = createRng(11)
    for (let round = 0; round < 50; round++) {
      const points = Array.from({ length: 1 + rng.int(0, 60) }, (_, i) => ({
        id: `p${i}`,
        accuracy: rng.int(0, 20) / 20,
        cost: rng.int(1, 30),
      }))
      expect(
        paretoFront(points)
          .map((p) => p.id)
          .sort(),
      ).toEqual(bruteForceFront(points))
    }
  })

  it('leaves out points with an unknown cost', () => {
    const points = [
      { id: 'a', accuracy: 1, cost: Number.POSITIVE_INFINITY },
      { id: 'b', accuracy: 0.5, cost: 3 },
    ]
    expect(paretoFront(points).map((p) => p.id)).toEqual(['b'])
  })
})
