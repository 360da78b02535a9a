import { describe, expect, it } from 'vitest'
import { runFloat32, runInt8 } from '../../../../src/core/compress/reference/interpreter'
import { activation, constant, q, randomInt8, rng, singleOpGraph } from './graph-fixtures'

const fcOp = { kind: 'fullyConnected', inputs: [0, 1, 2], activation: 'none' } as const

function handGraph(weightScales: number[]) {
  // Input real [1, −1, 0] (scale 0.5, zp 2); weights real [[1, 2, 3], [−1, 1, 0]] at scale 0.25.
  return singleOpGraph(
    [
      activation('x', [1, 3], 'int8', q(0.5, 2)),
      constant(
        'w',
        [2, 3],
        new Int8Array([4, 8, 12, -4, 4, 0]),
        weightScales.length > 1 ? q(weightScales, 0, 0) : q(weightScales),
      ),
      constant('b', [2], new Int32Array([2, 0]), q(0.125)),
      activation('y', [1, 2], 'int8', q(0.5)),
    ],
    fcOp,
  )
}

describe('fullyConnected int8 (TFLM FullyConnected / FullyConnectedPerChannel)', () => {
  it('gives the hand-derived bytes with per-tensor weights: −1.5 rounds to −2', () => {
    // acc0 = 4·2 + 8·(−2) + 0 + 2 = −6, M = 0.125/0.5 = 0.25 → −1.5 → −2; acc1 = −8 − 8 = −16 → −4.
    expect(Array.from(runInt8(handGraph([0.25]), new Int8Array([4, 0, 2]))[0]!)).toEqual([-2, -4])
  })

  it('gives the hand-derived bytes with per-channel weights', () => {
    // Unit 1 now has weight scale 0.5: M = 0.5·0.5/0.5 = 0.5 → −16·0.5 = −8.
    expect(Array.from(runInt8(handGraph([0.25, 0.5]), new Int8Array([4, 0, 2]))[0]!)).toEqual([-2, -8])
  })

  it('uses the float32 product of the input and weight scales for per-tensor weights, as TFLM does', () => {
    // Found by search: with these scales and acc = 34793, M from float(s_in·s_w)/s_out gives 22 while M from
    // the double product gives 23 (the exact value sits within 1e-6 of 22.5).
    const [sIn, sW, sOut] = [0.010739999823272228, 0.0030225999653339386, 0.050200000405311584]
    const graph = singleOpGraph(
      [
        activation('x', [1, 1], 'int8', q(sIn)),
        constant('w', [1, 1], new Int8Array([1]), q(sW)),
        constant('b', [1], new Int32Array([34793]), q(Math.fround(sIn * sW))),
        activation('y', [1, 1], 'int8', q(sOut)),
      ],
      fcOp,
    )
    expect(Array.from(runInt8(graph, new Int8Array([0]))[0]!)).toEqual([22])
  })

  it('stays within one quantization step of the exact real-valued product on random data', () => {
    const random = rng(31)
    for (const perChannel of [false, true]) {
      const [depth, units, sIn, zpIn, sOut, zpOut] = [50, 7, 0.07, 12, 0.5, -20]
      const scales = perChannel
        ? Array.from({ length: units }, () => Math.fround(0.002 + random() * 0.02))
        : [Math.fround(0.01)]
      const input = randomInt8(random, depth)
      const weights = randomInt8(random, depth * units, -127, 127)
      const bias = Int32Array.from({ length: units }, () => Math.round((random() - 0.5) * 5000))
      const graph = singleOpGraph(
        [
          activation('x', [1, depth], 'int8', q(sIn, zpIn)),
          constant('w', [units, depth], weights, perChannel ? q(scales, 0, 0) : q(scales)),
          constant('b', [units], bias, q(0.001)),
          activation('y', [1, units], 'int8', q(sOut, zpOut)),
        ],
        fcOp,
      )
      const got = runInt8(graph, input)[0]!
      for (let u = 0; u < units; u++) {
        let sum = bias[u]!
        for (let d = 0; d < depth; d++) sum += weights[u * depth + d]! * (input[d]! - zpIn)
        const real = sum * Math.fround(sIn) * scales[perChannel ? u : 0]!
        const ideal = Math.min(127, Math.max(-128, real / Math.fround(sOut) + zpOut))
        expect(Math.abs(got[u]! - ideal)).toBeLessThanOrEqual(1)
      }
    }
  })
})

describe('fullyConnected float32', () => {
  it('flattens a rank-4 input and applies ReLU', () => {
    const graph = singleOpGraph(
      [
        activation('x', [1, 1, 2, 2], 'float32'),
        constant('w', [2, 4], new Float32Array([1, 1, 1, 1, -1, 0, 0, 0])),
        constant('b', [2], new Float32Array([0.5, 0])),
        activation('y', [1, 2], 'float32'),
      ],
      { kind: 'fullyConnected', inputs: [0, 1, 2], activation: 'relu' },
    )
    expect(Array.from(runFloat32(graph, new Float32Array([1, 2, 3, 4]))[0]!)).toEqual([10.5, 0])
  })
})
