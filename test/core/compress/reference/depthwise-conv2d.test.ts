import { describe, expect, it } from 'vitest'
import { runFloat32, runInt8 } from '../../../../src/core/compress/reference/interpreter'
import type { DepthwiseConv2dOp } from '../../../../src/core/model/graph'
import { activation, constant, q, randomInt8, rng, singleOpGraph } from './graph-fixtures'

function depthwiseOp(depthMultiplier: number, stride = 1, padding: 'same' | 'valid' = 'valid') {
  const op: Omit<DepthwiseConv2dOp, 'outputs'> = {
    kind: 'depthwiseConv2d',
    inputs: [0, 1, 2],
    strideH: stride,
    strideW: stride,
    dilationH: 1,
    dilationW: 1,
    depthMultiplier,
    padding,
    activation: 'none',
  }
  return op
}

describe('depthwiseConv2d int8 (TFLM DepthwiseConvPerChannel)', () => {
  it('gives the hand-derived bytes with depth multiplier 2 and per-channel scales', () => {
    // Input 1×1×2×2: pixel 0 = [1, 2], pixel 1 = [3, 4]. Filter [1, 1, 2, 4]; output channel oc = ic·2 + m.
    // acc = [1·1 + 5·3, 2·1 + 6·3, 3·2 + 7·4, 4·2 + 8·4] = [16, 20, 34, 40];
    // M = [1, 0.5, 0.25, 0.125] / 4 → [4, 2.5 → 3, 2.125 → 2, 1.25 → 1].
    const graph = singleOpGraph(
      [
        activation('x', [1, 1, 2, 2], 'int8', q(1)),
        constant('w', [1, 1, 2, 4], new Int8Array([1, 2, 3, 4, 5, 6, 7, 8]), q([1, 0.5, 0.25, 0.125], 0, 3)),
        constant('b', [4], new Int32Array(4), q([1, 0.5, 0.25, 0.125], 0, 0)),
        activation('y', [1, 1, 1, 4], 'int8', q(4)),
      ],
      depthwiseOp(2),
    )
    expect(Array.from(runInt8(graph, new Int8Array([1, 2, 3, 4]))[0]!)).toEqual([4, 3, 2, 1])
  })

  it('stays within one quantization step of the exact real-valued depthwise conv on random data', () => {
    const random = rng(21)
    for (const [multiplier, stride, padding] of [
      [1, 1, 'same'],
      [1, 2, 'same'],
      [3, 1, 'valid'],
    ] as const) {
      const [h, w, inC, k] = [6, 5, 4, 3]
      const outC = inC * multiplier
      const outH = padding === 'same' ? Math.ceil(h / stride) : Math.floor((h - k) / stride) + 1
      const outW = padding === 'same' ? Math.ceil(w / stride) : Math.floor((w - k) / stride) + 1
      const [sIn, zpIn, sOut, zpOut] = [0.1, -3, 0.15, 4]
      const wScales = Array.from({ length: outC }, () => Math.fround(0.003 + random() * 0.01))
      const input = randomInt8(random, h * w * inC)
      const weights = randomInt8(random, k * k * outC, -127, 127)
      const bias = Int32Array.from({ length: outC }, () => Math.round((random() - 0.5) * 2000))
      const graph = singleOpGraph(
        [
          activation('x', [1, h, w, inC], 'int8', q(sIn, zpIn)),
          constant('w', [1, k, k, outC], weights, q(wScales, 0, 3)),
          constant('b', [outC], bias, q(wScales, 0, 0)),
          activation('y', [1, outH, outW, outC], 'int8', q(sOut, zpOut)),
        ],
        depthwiseOp(multiplier, stride, padding),
      )
      const got = runInt8(graph, input)[0]!
      const padOf = (inSize: number, outSize: number) =>
        padding === 'same' ? Math.max(0, Math.floor(((outSize - 1) * stride + k - inSize) / 2)) : 0
      let worst = 0
      for (let oy = 0; oy < outH; oy++) {
        for (let ox = 0; ox < outW; ox++) {
          for (let oc = 0; oc < outC; oc++) {
            const ic = Math.floor(oc / multiplier)
            let sum = bias[oc]!
            for (let ky = 0; ky < k; ky++) {
              for (let kx = 0; kx < k; kx++) {
                const iy = oy * stride - padOf(h, outH) + ky
                const ix = ox * stride - padOf(w, outW) + kx
                if (iy < 0 || ix < 0 || iy >= h || ix >= w) continue
                sum += weights[(ky * k + kx) * outC + oc]! * (input[(iy * w + ix) * inC + ic]! - zpIn)
              }
            }
            const real = sum * Math.fround(sIn) * wScales[oc]!
            const ideal = Math.min(127, Math.max(-128, real / Math.fround(sOut) + zpOut))
            worst = Math.max(worst, Math.abs(got[(oy * outW + ox) * outC + oc]! - ideal))
          }
        }
      }
      expect(worst, `multiplier ${multiplier} stride ${stride} ${padding}`).toBeLessThanOrEqual(1)
    }
  })
})

describe('depthwiseConv2d float32', () => {
  it('multiplies each input channel by its own filters', () => {
    const graph = singleOpGraph(
      [
        activation('x', [1, 1, 2, 2], 'float32'),
        constant('w', [1, 1, 2, 4], new Float32Array([1, 2, 3, 4, 5, 6, 7, 8])),
        constant('b', [4], new Float32Array([0, 0, 0, 0.5])),
        activation('y', [1, 1, 1, 4], 'float32'),
      ],
      depthwiseOp(2),
    )
    expect(Array.from(runFloat32(graph, new Float32Array([1, 2, 3, 4]))[0]!)).toEqual([16, 20, 34, 40.5])
  })
})
