import type { Category, SampleMeta } from './sample'

/** The share of each label kept for testing by default (Edge Impulse's 80/20). */
export const TEST_FRACTION = 0.2

/** How many of `n` samples of one label belong in testing: round(0.2·n), half up. */
export function testingTarget(n: number, testFraction = TEST_FRACTION): number {
  return Math.floor(n * testFraction + 0.5)
}

/**
 * The category for new samples of one label, given how many of that label are already in each: each new
 * sample goes where the label's testing count moves toward `testingTarget(total)`, so capturing one sample at
 * a time keeps every label stratified 80/20 (the 3rd, 8th, 13th… sample of a label goes to testing).
 */
export function assignCategories(
  labels: readonly string[],
  existing: readonly Pick<SampleMeta, 'label' | 'category'>[],
  testFraction = TEST_FRACTION,
): Category[] {
  const counts = new Map<string, { total: number; testing: number }>()
  for (const m of existing) {
    const c = counts.get(m.label) ?? { total: 0, testing: 0 }
    c.total++
    if (m.category === 'testing') c.testing++
    counts.set(m.label, c)
  }
  return labels.map((label) => {
    const c = counts.get(label) ?? { total: 0, testing: 0 }
    c.total++
    const category: Category = c.testing < testingTarget(c.total, testFraction) ? 'testing' : 'training'
    if (category === 'testing') c.testing++
    counts.set(label, c)
    return category
  })
}

/** A stable pseudo-random order of ids (FNV-1a), so that rebalancing picks the same samples every time. */
export function idHash(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/**
 * The fewest category changes that make every label's split 80/20 again: per label, the testing count is
 * brought to `testingTarget(n)` by moving samples in `idHash` order. Returns the moves.
 */
export function rebalancePlan(
  samples: readonly Pick<SampleMeta, 'id' | 'label' | 'category'>[],
  testFraction = TEST_FRACTION,
): { readonly id: string; readonly category: Category }[] {
  const byLabel = new Map<string, Pick<SampleMeta, 'id' | 'label' | 'category'>[]>()
  for (const s of samples) byLabel.set(s.label, [...(byLabel.get(s.label) ?? []), s])
  const moves: { id: string; category: Category }[] = []
  for (const group of byLabel.values()) {
    const testing = group.filter((s) => s.category === 'testing')
    const target = testingTarget(group.length, testFraction)
    const order = (a: { id: string }, b: { id: string }) =>
      idHash(a.id) - idHash(b.id) || (a.id < b.id ? -1 : 1)
    if (testing.length > target) {
      for (const s of [...testing].sort(order).slice(0, testing.length - target))
        moves.push({ id: s.id, category: 'training' })
    } else if (testing.length < target) {
      const training = group.filter((s) => s.category === 'training').sort(order)
      for (const s of training.slice(0, target - testing.length))
        moves.push({ id: s.id, category: 'testing' })
    }
  }
  return moves
}
