import { describe, expect, it } from 'vitest'
import { formatEpochLine, parseEpochLine } from '../../../src/core/train/epoch-line'

describe('the epoch log line', () => {
  it('reads back what it wrote, with and without validation figures', () => {
    const full = {
      epoch: 3,
      loss: 0.4123,
      accuracy: 0.862,
      valLoss: 0.5012,
      valAccuracy: 0.84,
      learningRate: 0.005,
      seconds: 1.25,
    }
    const line = formatEpochLine(full, 30)
    expect(line).toBe(
      'Epoch 3/30: loss 0.41230, accuracy 86.20%, val loss 0.50120, val accuracy 84.00%, lr 0.005, 1.3 s',
    )
    expect(parseEpochLine(line)).toEqual({ ...full, epochs: 30, seconds: 1.3 })
    const bare = { epoch: 1, loss: 1.5, accuracy: 0.25, learningRate: 0.0001, seconds: 0 }
    expect(parseEpochLine(formatEpochLine(bare, 1))).toEqual({ ...bare, epochs: 1 })
  })

  it('ignores every other log line', () => {
    expect(parseEpochLine('Training on 100 windows')).toBeUndefined()
    expect(parseEpochLine('Epoch 3/30 is slow')).toBeUndefined()
  })
})
