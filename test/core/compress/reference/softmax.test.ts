import { describe, expect, it } from 'vitest'
import { createInterpreter, runFloat32, runInt8 } from '../../../../src/core/compress/reference/interpreter'
import { activation, q, randomInt8, rng, singleOpGraph } from './graph-fixtures'

function softmaxGraph(depth: number, inputScale: number, beta = 1, rows = 1) {
  return singleOpGraph(
    [
      activation('x', [rows, depth], 'int8', q(inputScale, 0)),
      activation('y', [rows, depth], 'int8', q(1 / 256, -128)),
    ],
    { kind: 'softmax', inputs: [0], beta },
  )
}

describe('softmax int8 (TFLM reference_ops::Softmax<int8_t, int8_t>, gemmlowp fixed point)', () => {
  it('gives −64 (0.25) for four equal logits and 0 (0.5) for two', () => {
    expect(Array.from(runInt8(softmaxGraph(4, 0.1), new Int8Array([7, 7, 7, 7]))[0]!)).toEqual([
      -64, -64, -64, -64,
    ])
    expect(Array.from(runInt8(softmaxGraph(2, 0.1), new Int8Array([-5, -5]))[0]!)).toEqual([0, 0])
  })

  it('saturates a dominant logit at 127 and sends differences below diff_min to −128', () => {
    // Scale 1: the real multiplier 2^26 gives left shift 27 and diff_min = −floor(31·2^26 / 2^27) = −15.
    expect(Array.from(runInt8(softmaxGraph(2, 1), new Int8Array([127, -128]))[0]!)).toEqual([127, -128])
    expect(Array.from(runInt8(softmaxGraph(3, 1), new Int8Array([20, 5, 4]))[0]!)).toEqual([127, -128, -128])
  })

  it('gives the bytes of a native build of TFLM reference_ops::Softmax on gemmlowp fixedpoint.h', () => {
    // Produced with g++ from TFLM's int8 softmax loop and gemmlowp's scalar fixed-point code (docs/tflite.md,
    // "How the arithmetic was checked"); 20,000 random rows agreed, these are a sample.
    const golden = [
      {
        scale: 0.13850289583206177,
        beta: 0.5,
        input: [53, 102, 79, 92, 49, 84, 87, 50, 74],
        output: [-125, -29, -108, -78, -125, -99, -93, -125, -114],
      },
      {
        scale: 0.0037038978189229965,
        beta: 0.10000000149011612,
        input: [-33, -22, 30, 60, 96, 81, -51, -27],
        output: [-97, -96, -96, -95, -95, -95, -97, -97],
      },
      {
        scale: 0.003354553133249283,
        beta: 1,
        input: [95, -73, -110, -92, 104, -114, -114],
        output: [-73, -97, -100, -98, -71, -101, -101],
      },
      {
        scale: 0.001985789742320776,
        beta: 0.5,
        input: [52, 26, 119, 43, 124, 66, 30, 109],
        output: [-97, -97, -94, -97, -94, -96, -97, -95],
      },
      { scale: 0.3249203562736511, beta: 2, input: [60, 103, 126, 117], output: [-128, -128, 127, -127] },
      {
        scale: 0.014595323242247105,
        beta: 1,
        input: [12, 108, 17, 106, -11, 35],
        output: [-107, -43, -105, -45, -113, -99],
      },
      {
        scale: 0.018996600061655045,
        beta: 1,
        input: [83, 106, 65, 82, 76, 110, 126, 63, 107],
        output: [-105, -93, -112, -106, -108, -90, -77, -113, -92],
      },
      {
        scale: 0.3777632713317871,
        beta: 0.5,
        input: [123, 123, 122, 123, 127, 124, 125, 122, 122, 124],
        output: [-106, -106, -110, -106, -81, -101, -95, -110, -110, -101],
      },
      {
        scale: 0.006075037643313408,
        beta: 1,
        input: [121, 98, 32, 5, 31, 107],
        output: [-70, -78, -94, -100, -95, -75],
      },
      {
        scale: 0.0809522420167923,
        beta: 1,
        input: [4, -16, -15, -30, 2, 103, -34, 66, 23, -15, -4, 121],
        output: [-128, -128, -128, -128, -128, -80, -128, -126, -128, -128, -128, 78],
      },
      {
        scale: 1.3050892353057861,
        beta: 1,
        input: [104, 125, 121, 88, 74, 81, 122, 109, 94],
        output: [-128, 122, -127, -128, -128, -128, -123, -128, -128],
      },
      {
        scale: 0.10958164185285568,
        beta: 2,
        input: [69, 120, 72, 86, 57, 109, 106, 84, 78, 104],
        output: [-128, 91, -128, -128, -128, -108, -118, -128, -128, -121],
      },
    ]
    for (const { scale, beta, input, output } of golden) {
      const got = runInt8(softmaxGraph(input.length, scale, beta), Int8Array.from(input))[0]!
      expect(Array.from(got), `scale ${scale} beta ${beta}`).toEqual(output)
    }
  })

  it('stays within one output step (1/256) of the exact softmax on random logits', () => {
    const random = rng(61)
    for (const [scale, beta] of [
      [0.05, 1],
      [0.2, 1],
      [0.1, 0.5],
      [0.0625, 2],
    ] as const) {
      const rows = 50
      const depth = 10
      const input = randomInt8(random, rows * depth)
      const got = runInt8(softmaxGraph(depth, scale, beta, rows), input)[0]!
      for (let r = 0; r < rows; r++) {
        const logits = Array.from(
          input.subarray(r * depth, (r + 1) * depth),
          (v) => v * Math.fround(scale) * beta,
        )
        const max = Math.max(...logits)
        const exps = logits.map((l) => Math.exp(l - max))
        const sum = exps.reduce((a, b) => a + b, 0)
        exps.forEach((e, c) => {
          const ideal = Math.min(127, (e / sum) * 256 - 128)
          expect(Math.abs(got[r * depth + c]! - ideal), `scale ${scale} beta ${beta}`).toBeLessThanOrEqual(1)
        })
      }
    }
  })

  it('refuses an output scale other than 1/256 (TFLM requires it)', () => {
    const graph = softmaxGraph(4, 0.1)
    const bad = {
      ...graph,
      tensors: [graph.tensors[0]!, { ...graph.tensors[1]!, quantization: q(1 / 255, -128) }],
    }
    expect(() => createInterpreter(bad)).toThrow(/1\/256/)
  })
})

describe('softmax float32', () => {
  it('normalises exp(beta · (x − max)) over the last axis', () => {
    const graph = singleOpGraph([activation('x', [2, 2], 'float32'), activation('y', [2, 2], 'float32')], {
      kind: 'softmax',
      inputs: [0],
      beta: 1,
    })
    const y = runFloat32(graph, new Float32Array([0, 0, Math.log(3), 0]))[0]!
    ;[0.5, 0.5, 0.75, 0.25].forEach((p, i) => expect(y[i]).toBeCloseTo(p, 6))
  })
})
