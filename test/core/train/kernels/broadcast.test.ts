import { describe, expect, it } from 'vitest'
import { alignedStrides, collapse, tilePlan } from '../../../../src/core/train/kernels/broadcast'

describe('strided loop plans for the element-wise kernels', () => {
  it('turns a per-channel batch-norm product [32,25,5,64] × [64] into one 4000 × 64 loop', () => {
    const out = [32, 25, 5, 64]
    const plan = collapse(out, [alignedStrides(out, out), alignedStrides([64], out)])
    expect(plan).toEqual({
      shape: [4000, 64],
      strides: [
        [64, 1],
        [0, 1],
      ],
    })
  })

  it('keeps a broadcast middle dimension separate and drops unit dimensions', () => {
    const out = [4, 1, 5, 6]
    const plan = collapse(out, [alignedStrides([4, 1, 5, 6], out), alignedStrides([4, 1, 1, 6], out)])
    expect(plan).toEqual({
      shape: [4, 5, 6],
      strides: [
        [30, 6, 1],
        [6, 0, 1],
      ],
    })
  })

  it('reduces a scalar result to a single-element loop', () => {
    expect(collapse([], [[], []])).toEqual({ shape: [1], strides: [[0], [0]] })
  })

  it('tiles [2, 3] by [2, 1] as a repeat of the whole matrix', () => {
    expect(tilePlan([2, 3], [2, 1])).toEqual({ shape: [2, 6], strides: [[0, 1]] })
  })
})
