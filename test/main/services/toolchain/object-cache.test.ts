import { describe, expect, it } from 'vitest'
import { mapWithLimit } from '../../../../src/main/services/toolchain/object-cache'

const tick = () => new Promise((r) => setTimeout(r, 1))

describe('running compilers a few at a time', () => {
  it('keeps the items’ order in the results and never runs more than the limit at once', async () => {
    let running = 0
    let most = 0
    const results = await mapWithLimit([5, 1, 4, 2, 3], 2, async (n, i) => {
      running++
      most = Math.max(most, running)
      for (let k = 0; k < n; k++) await tick()
      running--
      return `${i}:${n}`
    })
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3'])
    expect(most).toBe(2)
  })

  it('after a failure starts nothing new, waits for the running ones, and throws the first failure', async () => {
    const started: number[] = []
    let finished = 0
    const run = mapWithLimit([0, 1, 2, 3, 4], 2, async (n) => {
      started.push(n)
      await tick()
      if (n === 0) throw new Error('first')
      await tick()
      finished++
      if (n === 1) throw new Error('second')
      return n
    })
    await expect(run).rejects.toThrow('first')
    expect(started).toEqual([0, 1])
    expect(finished).toBe(1)
  })
})
