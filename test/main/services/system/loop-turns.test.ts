import { describe, expect, it } from 'vitest'
import { LoopTurns } from '../../../../src/main/services/system/loop-turns'

describe('LoopTurns', () => {
  it('gives each waiting piece of work a turn of the event loop of its own, with I/O served between them', async () => {
    const turns = new LoopTurns()
    const order: string[] = []
    const pieces = [1, 2, 3].map(async (n) => {
      await turns.turn()
      order.push(`piece ${n}`)
      // What arrives during a piece (a timer stands for I/O: both wait for the next iteration's early phases).
      setTimeout(() => order.push(`after ${n}`), 0)
      const until = performance.now() + 2
      while (performance.now() < until);
    })
    await Promise.all(pieces)
    await new Promise((r) => setTimeout(r, 5))
    expect(order).toEqual(['piece 1', 'after 1', 'piece 2', 'after 2', 'piece 3', 'after 3'])
  })

  it('runs all pieces in the order they asked, however many', async () => {
    const turns = new LoopTurns()
    const order: number[] = []
    await Promise.all(Array.from({ length: 200 }, (_, n) => turns.turn().then(() => order.push(n))))
    expect(order).toEqual(Array.from({ length: 200 }, (_, n) => n))
  })
})
