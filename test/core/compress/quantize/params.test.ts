import { describe, expect, it } from 'vitest'
import {
  activationRangeInt8,
  chooseActivationParams,
  dequantizeValue,
  isUsableScale,
  quantizeBias,
  quantizeValue,
  quantizeWeightsSymmetric,
} from '../../../../src/core/compress/quantize/params'

const f = Math.fround

describe('asymmetric int8 activation parameters (GetAsymmetricQuantizationParams)', () => {
  it('nudges the zero point so that real 0 is an integer: [−1, 1] → scale 2/255, zero point −1', () => {
    // −128 − (−1)/(2/255) = −0.5 → round half away from zero → −1.
    expect(chooseActivationParams(-1, 1)).toEqual({ scale: f(2 / 255), zeroPoint: -1 })
  })

  it('widens a range that excludes 0 to include it', () => {
    expect(chooseActivationParams(0, 6)).toEqual({ scale: f(6 / 255), zeroPoint: -128 })
    expect(chooseActivationParams(2, 5)).toEqual({ scale: f(5 / 255), zeroPoint: -128 })
    expect(chooseActivationParams(-3, -1)).toEqual({ scale: f(3 / 255), zeroPoint: 127 })
  })

  it('gives scale 0 for an all-zero range, which isUsableScale rejects', () => {
    const params = chooseActivationParams(0, 0)
    expect(params).toEqual({ scale: 0, zeroPoint: -128 })
    expect(isUsableScale(params.scale)).toBe(false)
    expect(isUsableScale(NaN)).toBe(false)
    expect(isUsableScale(1e-50)).toBe(false) // underflows float32
    expect(isUsableScale(0.01)).toBe(true)
  })

  it('represents 0 exactly and covers the range within one step for random ranges', () => {
    for (let i = 0; i < 500; i++) {
      const min = -Math.random() * 10
      const max = Math.random() * 10
      const { scale, zeroPoint } = chooseActivationParams(min, max)
      expect(Number.isInteger(zeroPoint) && zeroPoint >= -128 && zeroPoint <= 127).toBe(true)
      expect(dequantizeValue(zeroPoint, { scale, zeroPoint })).toBe(0)
      expect(scale * (-128 - zeroPoint)).toBeLessThanOrEqual(min + scale)
      expect(scale * (127 - zeroPoint)).toBeGreaterThanOrEqual(max - scale)
    }
  })
})

describe('symmetric int8 weights', () => {
  it('quantizes per output channel (axis 0) with scale max|w|/127 and rounds halves away from zero', () => {
    const values = new Float32Array([0.5, -1, 0.25, 2, 0, -0.5])
    const { data, quantization } = quantizeWeightsSymmetric(values, [2, 1, 1, 3], 0)
    expect(quantization).toEqual({ scale: [f(1 / 127), f(2 / 127)], zeroPoint: [0, 0], axis: 0 })
    // 0.5·127 = 63.5 → 64; 0.25·127 = 31.75 → 32; −0.5·63.5 = −31.75 → −32.
    expect(Array.from(data)).toEqual([64, -127, 32, 127, 0, -32])
  })

  it('quantizes depthwise filters per channel on axis 3', () => {
    const { data, quantization } = quantizeWeightsSymmetric(
      new Float32Array([1, 2, -0.5, 4]),
      [1, 1, 2, 2],
      3,
    )
    expect(quantization.scale).toEqual([f(1 / 127), f(4 / 127)])
    expect(Array.from(data)).toEqual([127, 64, -64, 127])
  })

  it('never produces −128, and gives an all-zero channel the largest other scale (per channel) or 1 (per tensor)', () => {
    const perChannel = quantizeWeightsSymmetric(new Float32Array([0, 0, -3, 3, 1, 0]), [3, 2], 0)
    expect(perChannel.quantization.scale).toEqual([f(3 / 127), f(3 / 127), f(1 / 127)])
    expect(Array.from(perChannel.data)).toEqual([0, 0, -127, 127, 127, 0])
    const allEmpty = quantizeWeightsSymmetric(new Float32Array(4), [2, 2], 0)
    expect(allEmpty.quantization.scale).toEqual([1, 1])
    const perTensor = quantizeWeightsSymmetric(new Float32Array(4), [2, 2])
    expect(perTensor.quantization).toEqual({ scale: [1], zeroPoint: [0] })
  })
})

describe('int32 bias', () => {
  it('uses scale s_in · s_w per channel and rounds to the nearest integer', () => {
    const { data, quantization } = quantizeBias(new Float32Array([0.1, -0.2, 1e9]), 0.5, [0.01, 0.02, 1e-6])
    expect(quantization.scale).toEqual([f(f(0.5) * f(0.01)), f(f(0.5) * f(0.02)), f(f(0.5) * f(1e-6))])
    expect(quantization.axis).toBe(0)
    expect(Array.from(data)).toEqual([20, -20, 2147483647]) // the last saturates
  })

  it('is per tensor with one weight scale', () => {
    expect(quantizeBias(new Float32Array([0.3, -0.3]), 0.1, [0.5]).quantization).toEqual({
      scale: [f(f(0.1) * f(0.5))],
      zeroPoint: [0],
    })
  })
})

describe('single values and activation ranges', () => {
  it('quantizes like TFLM AffineQuantize and dequantizes like TFLM Dequantize', () => {
    const p = { scale: 0.5, zeroPoint: 3 }
    expect([0.25, -0.25, 0.75, 1000, -1000].map((v) => quantizeValue(v, p))).toEqual([4, 2, 5, 127, -128])
    expect(dequantizeValue(-128, p)).toBe(-65.5)
  })

  it('derives the fused-activation clamp from the output parameters', () => {
    expect(activationRangeInt8('none', { scale: 0.1, zeroPoint: 5 })).toEqual({ min: -128, max: 127 })
    expect(activationRangeInt8('relu', { scale: 0.1, zeroPoint: 5 })).toEqual({ min: 5, max: 127 })
    expect(activationRangeInt8('relu6', { scale: f(6 / 255), zeroPoint: -128 })).toEqual({
      min: -128,
      max: 127,
    })
    expect(activationRangeInt8('relu6', { scale: 0.1, zeroPoint: -100 })).toEqual({ min: -100, max: -40 })
  })
})
