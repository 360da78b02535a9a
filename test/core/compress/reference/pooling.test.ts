import { describe, expect, it } from 'vitest'
import { roundedAverage } from '../../../../src/core/compress/reference/pooling'
import { createInterpreter, runFloat32, runInt8 } from '../../../../src/core/compress/reference/interpreter'
import type { Pool2dOp } from '../../../../src/core/model/graph'
import { activation, q, randomInt8, rng, singleOpGraph } from './graph-fixtures'

function poolGraph(
  kind: Pool2dOp['kind'],
  dtype: 'int8' | 'float32',
  inShape: number[],
  outShape: number[],
  op: Partial<Pool2dOp>,
) {
  const quantization = dtype === 'int8' ? q(0.5, -3) : undefined
  return singleOpGraph(
    [activation('x', inShape, dtype, quantization), activation('y', outShape, dtype, quantization)],
    {
      kind,
      inputs: [0],
      filterH: 2,
      filterW: 2,
      strideH: 2,
      strideW: 2,
      padding: 'same',
      activation: 'none',
      ...op,
    },
  )
}

const ONE_TO_NINE = Int8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])

describe('averagePool2d int8 (TFLM AveragePool)', () => {
  it('averages only the part of a SAME window inside the input and rounds halves away from zero', () => {
    // 3×3 input, 2×2 window, stride 2, SAME: padding goes to the bottom/right. Windows: {1,2,4,5} = 12/4 = 3,
    // {3,6} = 4.5 → 5, {7,8} = 7.5 → 8, {9} = 9.
    const graph = poolGraph('averagePool2d', 'int8', [1, 3, 3, 1], [1, 2, 2, 1], {})
    expect(Array.from(runInt8(graph, ONE_TO_NINE)[0]!)).toEqual([3, 5, 8, 9])
    expect(
      Array.from(
        runInt8(
          graph,
          ONE_TO_NINE.map((v) => -v),
        )[0]!,
      ),
    ).toEqual([-3, -5, -8, -9])
  })

  it("rounds like TFLM's (acc ± count/2) / count with truncating division", () => {
    expect(roundedAverage(6, 4)).toBe(2) // 1.5 → 2
    expect(roundedAverage(-6, 4)).toBe(-2) // −1.5 → −2
    expect(roundedAverage(-10, 4)).toBe(-3) // −2.5 → −3
    expect(roundedAverage(5, 4)).toBe(1) // 1.25 → 1
    expect(roundedAverage(7, 3)).toBe(2) // 2.33 → 2 ((7 + 1) / 3 = 2.67 truncated)
    expect(roundedAverage(8, 3)).toBe(3) // 2.67 → 3
    expect(roundedAverage(0, 5)).toBe(0)
  })

  it('stays within half a step of the exact average over random VALID windows', () => {
    const random = rng(41)
    const input = randomInt8(random, 6 * 6 * 5)
    const graph = poolGraph('averagePool2d', 'int8', [1, 6, 6, 5], [1, 2, 2, 5], {
      filterH: 3,
      filterW: 3,
      strideH: 3,
      strideW: 3,
      padding: 'valid',
    })
    const got = runInt8(graph, input)[0]!
    for (let oy = 0; oy < 2; oy++) {
      for (let ox = 0; ox < 2; ox++) {
        for (let c = 0; c < 5; c++) {
          let sum = 0
          for (let y = 0; y < 3; y++)
            for (let x = 0; x < 3; x++) sum += input[((oy * 3 + y) * 6 + ox * 3 + x) * 5 + c]!
          expect(Math.abs(got[(oy * 2 + ox) * 5 + c]! - sum / 9)).toBeLessThanOrEqual(0.5)
        }
      }
    }
  })

  it('refuses an output quantized differently from its input (the kernel does not requantize)', () => {
    const graph = poolGraph('averagePool2d', 'int8', [1, 3, 3, 1], [1, 2, 2, 1], {})
    const bad = {
      ...graph,
      tensors: [graph.tensors[0]!, { ...graph.tensors[1]!, quantization: q(0.25, -3) }],
    }
    expect(() => createInterpreter(bad)).toThrow(/same quantization/)
  })
})

describe('maxPool2d', () => {
  it('takes the maximum of the clipped window (int8)', () => {
    const graph = poolGraph('maxPool2d', 'int8', [1, 3, 3, 1], [1, 2, 2, 1], {})
    expect(Array.from(runInt8(graph, ONE_TO_NINE)[0]!)).toEqual([5, 6, 8, 9])
    expect(
      Array.from(
        runInt8(
          graph,
          ONE_TO_NINE.map((v) => -v),
        )[0]!,
      ),
    ).toEqual([-1, -3, -7, -9])
  })

  it('clamps to the fused ReLU range: real 0 is the zero point −3', () => {
    const graph = poolGraph('maxPool2d', 'int8', [1, 3, 3, 1], [1, 2, 2, 1], { activation: 'relu' })
    expect(
      Array.from(
        runInt8(
          graph,
          ONE_TO_NINE.map((v) => -v),
        )[0]!,
      ),
    ).toEqual([-1, -3, -3, -3])
  })

  it('pools float32 tensors (average and max)', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])
    const avg = poolGraph('averagePool2d', 'float32', [1, 3, 3, 1], [1, 2, 2, 1], {})
    expect(Array.from(runFloat32(avg, x)[0]!)).toEqual([3, 4.5, 7.5, 9])
    const max = poolGraph('maxPool2d', 'float32', [1, 3, 3, 1], [1, 2, 2, 1], {})
    expect(Array.from(runFloat32(max, x)[0]!)).toEqual([5, 6, 8, 9])
  })
})
