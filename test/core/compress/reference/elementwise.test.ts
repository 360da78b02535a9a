import { describe, expect, it } from 'vitest'
import { createInterpreter, runFloat32, runInt8 } from '../../../../src/core/compress/reference/interpreter'
import type { Quantization, Tensor } from '../../../../src/core/model/graph'
import { activation, q, singleOpGraph } from './graph-fixtures'

function unary(
  kind: 'relu' | 'relu6' | 'quantize' | 'dequantize',
  from: Tensor['dtype'],
  to: Tensor['dtype'],
  qIn?: Quantization,
  qOut?: Quantization,
  length = 4,
) {
  return singleOpGraph([activation('x', [1, length], from, qIn), activation('y', [1, length], to, qOut)], {
    kind,
    inputs: [0],
  })
}

describe('relu and relu6', () => {
  it('requantizes an int8 ReLU as TFLM does (input scale 0.5 zp −10 → output scale 0.25 zp −128)', () => {
    // Real inputs [−5, 0, 5, 30] → [0, 0, 5, 30] → /0.25 − 128.
    const graph = unary('relu', 'int8', 'int8', q(0.5, -10), q(0.25, -128))
    expect(Array.from(runInt8(graph, new Int8Array([-20, -10, 0, 50]))[0]!)).toEqual([-128, -128, -108, -8])
  })

  it('clamps an int8 ReLU6 to [zp, zp + round(6 / scale)] without requantizing', () => {
    const graph = unary('relu6', 'int8', 'int8', q(0.1, 0), q(0.1, 0))
    expect(Array.from(runInt8(graph, new Int8Array([-5, 30, 70, 127]))[0]!)).toEqual([0, 30, 60, 60])
  })

  it('clamps float tensors', () => {
    expect(
      Array.from(runFloat32(unary('relu', 'float32', 'float32'), new Float32Array([-1, 0.5, 7, 0]))[0]!),
    ).toEqual([0, 0.5, 7, 0])
    expect(
      Array.from(runFloat32(unary('relu6', 'float32', 'float32'), new Float32Array([-1, 0.5, 7, 6]))[0]!),
    ).toEqual([0, 0.5, 6, 6])
  })
})

describe('quantize and dequantize', () => {
  it('quantizes float → int8 with round-half-away-from-zero and saturation', () => {
    const graph = unary('quantize', 'float32', 'int8', undefined, q(0.5, 3), 5)
    const [y] = createInterpreter(graph).run([new Float32Array([0.25, -0.25, 0.75, 100, -100])])
    expect(Array.from(y!)).toEqual([4, 2, 5, 127, -128])
  })

  it('requantizes int8 → int8 with the single multiply of TFLM Requantize (−1.5 → −1, not −2)', () => {
    // M = 1/2: SaturatingRoundingDoublingHighMul rounds ties toward +∞, so −3/2 → −1, 3/2 → 2.
    const graph = unary('quantize', 'int8', 'int8', q(1, 0), q(2, 1))
    expect(Array.from(runInt8(graph, new Int8Array([3, -3, 5, 127]))[0]!)).toEqual([3, 0, 4, 65])
  })

  it('dequantizes int8 → float as float(scale · (q − zp))', () => {
    const graph = unary('dequantize', 'int8', 'float32', q(0.5, 3), undefined, 3)
    const [y] = createInterpreter(graph).run([new Int8Array([5, 3, -128])])
    expect(Array.from(y!)).toEqual([1, 0, -65.5])
  })
})
