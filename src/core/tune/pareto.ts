/**
 * The Pareto front of accuracy (higher is better) against a cost (lower is better): the points that no
 * other point beats on one axis without losing on the other. O(n log n): sorted by cost (then accuracy,
 * best first), a point is on the front when it is more accurate than every cheaper point.
 */
export interface ParetoPoint {
  readonly id: string
  readonly accuracy: number
  readonly cost: number
}

/** The front, cheapest first. Exact duplicates of a front point are both kept. */
export function paretoFront<P extends ParetoPoint>(points: readonly P[]): P[] {
  const sorted = [...points]
    .filter((p) => Number.isFinite(p.cost) && Number.isFinite(p.accuracy))
    .sort((a, b) => a.cost - b.cost || b.accuracy - a.accuracy)
  const front: P[] = []
  let best = Number.NEGATIVE_INFINITY
  for (const p of sorted) {
    const last = front[front.length - 1]
    if (p.accuracy > best) {
      front.push(p)
      best = p.accuracy
    } else if (last !== undefined && p.accuracy === last.accuracy && p.cost === last.cost) {
      front.push(p)
    }
  }
  return front
}
