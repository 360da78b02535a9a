import { describe, expect, it } from 'vitest'
import { assignCategories, rebalancePlan, testingTarget } from '../../../src/core/dataset/split'
import type { Category } from '../../../src/core/dataset/sample'

describe('the stratified 80/20 split', () => {
  it('puts one capture in five of each label in testing (the 3rd, 8th, 13th… by rounding half up)', () => {
    let existing: { label: string; category: Category }[] = []
    for (let i = 0; i < 20; i++) {
      for (const label of ['wave', 'idle']) {
        const [category] = assignCategories([label], existing)
        existing = [...existing, { label, category: category! }]
      }
    }
    for (const label of ['wave', 'idle']) {
      const mine = existing.filter((s) => s.label === label)
      expect(mine.filter((s) => s.category === 'testing')).toHaveLength(4)
      expect(mine.map((s) => s.category).slice(0, 5)).toEqual([
        'training',
        'training',
        'testing',
        'training',
        'training',
      ])
    }
  })

  it('assigns a batch the same way as one at a time', () => {
    const labels = Array.from({ length: 23 }, (_, i) => (i % 3 === 0 ? 'a' : 'b'))
    const batch = assignCategories(labels, [])
    let existing: { label: string; category: Category }[] = []
    const single = labels.map((label) => {
      const [c] = assignCategories([label], existing)
      existing = [...existing, { label, category: c! }]
      return c
    })
    expect(batch).toEqual(single)
  })

  it('rebalances with the fewest moves and the same choice every time', () => {
    const samples = Array.from({ length: 10 }, (_, i) => ({
      id: `s-${i}`,
      label: 'x',
      category: 'training' as Category,
    }))
    const plan = rebalancePlan(samples)
    expect(plan).toHaveLength(testingTarget(10))
    expect(plan.every((m) => m.category === 'testing')).toBe(true)
    expect(rebalancePlan(samples)).toEqual(plan)
    const moved = samples.map((s) =>
      plan.some((m) => m.id === s.id) ? { ...s, category: 'testing' as Category } : s,
    )
    expect(rebalancePlan(moved)).toEqual([])
    const allTesting = samples.map((s) => ({ ...s, category: 'testing' as Category }))
    expect(rebalancePlan(allTesting).filter((m) => m.category === 'training')).toHaveLength(8)
  })
})
