import { CompressErrorCode } from '../../../../src/shared/api/compress'
import { describe, expect, it } from 'vitest'
import { isMoteFailure } from '../../../../src/shared/errors'
import { createInterpreter, runFloat32, runInt8 } from '../../../../src/core/compress/reference/interpreter'
import type { Conv2dOp, FusedActivation, Padding } from '../../../../src/core/model/graph'
import { activation, constant, q, randomInt8, rng, singleOpGraph } from './graph-fixtures'

function convOp(
  padding: Padding,
  stride: number,
  act: FusedActivation = 'none',
  dilation = 1,
): Omit<Conv2dOp, 'outputs'> {
  return {
    kind: 'conv2d',
    inputs: [0, 1, 2],
    strideH: stride,
    strideW: stride,
    dilationH: dilation,
    dilationW: dilation,
    padding,
    activation: act,
  }
}

/** The hand-worked 2×2 conv of docs/tflite.md: input real [1, 2, 0, 3], two filters, valid padding. */
function handGraph(act: FusedActivation) {
  return singleOpGraph(
    [
      activation('x', [1, 2, 2, 1], 'int8', q(0.5, -1)),
      // channel 0: real [1, −1, 2, 0] at scale 0.25; channel 1: all ones at scale 0.125.
      constant('w', [2, 2, 2, 1], new Int8Array([4, -4, 8, 0, 8, 8, 8, 8]), q([0.25, 0.125], 0, 0)),
      constant('b', [2], new Int32Array([4, -2]), q([0.125, 0.0625], 0, 0)),
      activation('y', [1, 1, 1, 2], 'int8', q(0.25, 10)),
    ],
    convOp('valid', 1, act),
  )
}

describe('conv2d int8 (TFLM ConvPerChannel)', () => {
  it('gives the hand-derived bytes, rounding an exact half away from zero', () => {
    // q_in − zp = [2, 4, 0, 6]. Channel 0: acc = 4·2 − 4·4 + 0 + 0 + 4 = −4, M = 0.5·0.25/0.25 = 0.5 → −2 → +10 = 8.
    // Channel 1: acc = 8·12 − 2 = 94, M = 0.5·0.125/0.25 = 0.25 → 23.5 → 24 → +10 = 34.
    expect(Array.from(runInt8(handGraph('none'), new Int8Array([1, 3, -1, 5]))[0]!)).toEqual([8, 34])
  })

  it('clamps to the fused ReLU range (real 0 is the output zero point 10)', () => {
    expect(Array.from(runInt8(handGraph('relu'), new Int8Array([1, 3, -1, 5]))[0]!)).toEqual([10, 34])
  })

  it('pads SAME windows as TFLite: stride 2 on 3×3 pads one pixel on each side', () => {
    // All-ones 3×3 filter, scale 1; input 1..9 at scale 1 zp 0; output scale 1: the sums of the clipped windows.
    const graph = singleOpGraph(
      [
        activation('x', [1, 3, 3, 1], 'int8', q(1)),
        constant('w', [1, 3, 3, 1], new Int8Array(9).fill(1), q([1], 0, 0)),
        constant('b', [1], new Int32Array([0]), q([1], 0, 0)),
        activation('y', [1, 2, 2, 1], 'int8', q(1)),
      ],
      convOp('same', 2),
    )
    // Windows centred on (0,0), (0,2), (2,0), (2,2): 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
    expect(Array.from(runInt8(graph, Int8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]))[0]!)).toEqual([
      12, 16, 24, 28,
    ])
  })

  it('stays within one quantization step of the exact real-valued conv on random data', () => {
    const random = rng(11)
    for (const [padding, stride, dilation] of [
      ['same', 1, 1],
      ['same', 2, 1],
      ['valid', 1, 2],
      ['valid', 2, 1],
    ] as const) {
      const [h, w, inC, outC, k] = [7, 6, 3, 4, 3]
      const outH =
        padding === 'same' ? Math.ceil(h / stride) : Math.floor((h - (k - 1) * dilation - 1) / stride) + 1
      const outW =
        padding === 'same' ? Math.ceil(w / stride) : Math.floor((w - (k - 1) * dilation - 1) / stride) + 1
      const [sIn, zpIn, sOut, zpOut] = [0.05, 7, 0.2, -5]
      const wScales = Array.from({ length: outC }, () => 0.002 + random() * 0.01)
      const input = randomInt8(random, h * w * inC)
      const weights = randomInt8(random, outC * k * k * inC, -127, 127)
      const bias = Int32Array.from({ length: outC }, () => Math.round((random() - 0.5) * 4000))
      const graph = singleOpGraph(
        [
          activation('x', [1, h, w, inC], 'int8', q(sIn, zpIn)),
          constant('w', [outC, k, k, inC], weights, q(wScales, 0, 0)),
          constant(
            'b',
            [outC],
            bias,
            q(
              wScales.map((s) => Math.fround(s) * Math.fround(sIn)),
              0,
              0,
            ),
          ),
          activation('y', [1, outH, outW, outC], 'int8', q(sOut, zpOut)),
        ],
        convOp(padding, stride, 'none', dilation),
      )
      const got = runInt8(graph, input)[0]!
      const scales = graph.tensors[1]!.quantization!.scale
      const pad = (inSize: number, outSize: number) =>
        padding === 'same'
          ? Math.max(0, Math.floor(((outSize - 1) * stride + (k - 1) * dilation + 1 - inSize) / 2))
          : 0
      let worst = 0
      for (let oy = 0; oy < outH; oy++) {
        for (let ox = 0; ox < outW; ox++) {
          for (let oc = 0; oc < outC; oc++) {
            let sum = bias[oc]!
            for (let ky = 0; ky < k; ky++) {
              for (let kx = 0; kx < k; kx++) {
                const iy = oy * stride - pad(h, outH) + ky * dilation
                const ix = ox * stride - pad(w, outW) + kx * dilation
                if (iy < 0 || ix < 0 || iy >= h || ix >= w) continue
                for (let ic = 0; ic < inC; ic++) {
                  sum +=
                    weights[((oc * k + ky) * k + kx) * inC + ic]! * (input[(iy * w + ix) * inC + ic]! - zpIn)
                }
              }
            }
            const real = sum * Math.fround(sIn) * scales[oc]!
            const ideal = Math.min(127, Math.max(-128, real / Math.fround(sOut) + zpOut))
            worst = Math.max(worst, Math.abs(got[(oy * outW + ox) * outC + oc]! - ideal))
          }
        }
      }
      expect(worst, `${padding} stride ${stride} dilation ${dilation}`).toBeLessThanOrEqual(1)
    }
  })

  it('refuses weights with a non-zero zero point, naming the op', () => {
    const graph = handGraph('none')
    const bad = {
      ...graph,
      tensors: graph.tensors.map((t, i) => (i === 1 ? { ...t, quantization: q([0.25, 0.125], 3, 0) } : t)),
    }
    try {
      createInterpreter(bad)
      expect.unreachable()
    } catch (error) {
      expect(isMoteFailure(error) && error.code).toBe(CompressErrorCode.InvalidGraph)
      expect((error as Error).message).toMatch(/op 0 \(conv2d\).*symmetric weights/)
    }
  })

  it('refuses an output shape inconsistent with the strides and padding', () => {
    const graph = handGraph('none')
    const bad = {
      ...graph,
      tensors: graph.tensors.map((t, i) => (i === 3 ? { ...t, shape: [1, 2, 1, 2] } : t)),
    }
    expect(() => createInterpreter(bad)).toThrow(/inconsistent with its input/)
  })
})

describe('conv2d float32', () => {
  it('computes the hand-checked SAME conv with bias and ReLU6', () => {
    const graph = singleOpGraph(
      [
        activation('x', [1, 2, 2, 1], 'float32'),
        constant('w', [1, 2, 2, 1], new Float32Array([1, -1, 0.5, 2])),
        constant('b', [1], new Float32Array([0.25])),
        activation('y', [1, 2, 2, 1], 'float32'),
      ],
      convOp('same', 1, 'relu6'),
    )
    // SAME with a 2×2 filter pads only bottom/right: y[0,0] = 1·1 − 1·2 + 0.5·3 + 2·4 + 0.25 = 8.75 → 6.
    const y = runFloat32(graph, new Float32Array([1, 2, 3, 4]))[0]!
    // y[0,1] = 1·2 + 0.5·4 + 0.25 = 4.25; y[1,0] = 1·3 − 1·4 + 0.25 = −0.75 → 0; y[1,1] = 4 + 0.25.
    expect(Array.from(y)).toEqual([6, 4.25, 0, 4.25])
  })
})
