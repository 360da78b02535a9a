import { describe, expect, it } from 'vitest'
import { createInterpreter } from '../../../../src/core/compress/reference/interpreter'
import type { ModelGraph } from '../../../../src/core/model/graph'
import { activation, q, randomInt8, rng } from './graph-fixtures'

function addGraph(
  dtype: 'int8' | 'float32',
  length: number,
  scales?: [number, number, number, number, number, number],
): ModelGraph {
  const [s1, z1, s2, z2, s3, z3] = scales ?? [0, 0, 0, 0, 0, 0]
  const quant = (s: number, z: number) => (dtype === 'int8' ? q(s, z) : undefined)
  return {
    tensors: [
      activation('a', [1, length], dtype, quant(s1, z1)),
      activation('b', [1, length], dtype, quant(s2, z2)),
      activation('y', [1, length], dtype, quant(s3, z3)),
    ],
    ops: [{ kind: 'add', inputs: [0, 1], outputs: [2], activation: 'none' }],
    inputs: [0, 1],
    outputs: [2],
  }
}

describe('add int8 (TFLM AddFunc, left shift 20)', () => {
  it('gives the hand-derived bytes: real −2.5 steps rounds to −3', () => {
    // a: scale 0.5, b: scale 0.25, y: scale 0.5 zp −1. Element 0: 1 + 0.5 = 1.5 → 3 steps → 2.
    // Element 1: −1.5 + 0.75 = −0.75 → −1.5 steps; the fixed-point path rounds it to −2, then zp −1 → −3.
    const graph = addGraph('int8', 2, [0.5, 0, 0.25, 0, 0.5, -1])
    const [y] = createInterpreter(graph).run([new Int8Array([2, -3]), new Int8Array([2, 3])])
    expect(Array.from(y!)).toEqual([2, -3])
  })

  it('stays within one quantization step of the exact sum on random data with different scales', () => {
    const random = rng(51)
    const [s1, z1, s2, z2, s3, z3] = [0.07, 5, 0.031, -20, 0.09, 3]
    const a = randomInt8(random, 1000)
    const b = randomInt8(random, 1000)
    const [y] = createInterpreter(addGraph('int8', 1000, [s1, z1, s2, z2, s3, z3])).run([a, b])
    for (let i = 0; i < 1000; i++) {
      const real = Math.fround(s1) * (a[i]! - z1) + Math.fround(s2) * (b[i]! - z2)
      const ideal = Math.min(127, Math.max(-128, real / Math.fround(s3) + z3))
      expect(Math.abs(y![i]! - ideal)).toBeLessThanOrEqual(1)
    }
  })
})

describe('add float32', () => {
  it('adds element by element', () => {
    const [y] = createInterpreter(addGraph('float32', 3)).run([
      new Float32Array([1, 2, 3]),
      new Float32Array([0.5, -2, 1]),
    ])
    expect(Array.from(y!)).toEqual([1.5, 0, 4])
  })
})
