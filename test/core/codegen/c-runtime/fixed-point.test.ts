/**
 * The C runtime's fixed-point primitives (resources/firmware/runtime/kernels/int8/fixed_point*.c) give the
 * TypeScript reference's values (src/core/compress/quantize/fixed-point*.ts) on the int32 extremes and on
 * random arguments: every shift from −31 to 30, multipliers at 0 and near 2^31, and INT32_MIN everywhere.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  INT32_MAX,
  INT32_MIN,
  multiplyByQuantizedMultiplier,
  roundingDivideByPOT,
  roundingHalfSum,
  saturatingRoundingDoublingHighMul,
  saturatingRoundingMultiplyByPOT,
} from '../../../../src/core/compress/quantize/fixed-point'
import { expOnNegativeValues, getReciprocal } from '../../../../src/core/compress/quantize/fixed-point-math'
import { createRng } from '../../../../src/core/train/random'
import { buildHarness, type Harness } from './harness'

const PRIMITIVE = { srdhm: 0, rdbpot: 1, mbqm: 2, expOnNegative: 3, reciprocal: 4, halfSum: 5, srmbpot: 6 }

const SPECIAL = [
  INT32_MIN,
  INT32_MIN + 1,
  -(2 ** 30),
  -65536,
  -255,
  -1,
  0,
  1,
  255,
  65536,
  2 ** 30,
  INT32_MAX - 1,
  INT32_MAX,
]
const rng = createRng(42)
const randomInt32 = () => rng.int(INT32_MIN, INT32_MAX)
const values = [...SPECIAL, ...Array.from({ length: 300 }, randomInt32)]

let harness: Harness
beforeAll(async () => {
  harness = await buildHarness()
}, 120_000)

/** Runs `primitive` in C over the argument columns and returns its int32 results. */
function runC(
  primitive: number,
  a: number[],
  b: number[],
  c: number[] = a.map(() => 0),
  perElement = 1,
): Int32Array {
  const [result] = harness.run([
    {
      kernel: 'test_fixed_point',
      params: { primitive },
      buffers: [Int32Array.from(a), Int32Array.from(b), Int32Array.from(c)],
      outputBytes: a.length * 4 * perElement,
    },
  ])
  expect(result!.status).toBe(0)
  return new Int32Array(result!.output.buffer.slice(0))
}

/** Columns of every combination of the given argument lists. */
function grid(...lists: number[][]): number[][] {
  return lists.reduce<number[][]>(
    (rows, list) => rows.flatMap((row) => list.map((value) => [...row, value])),
    [[]],
  )
}

const columns = (rows: number[][]) => rows[0]!.map((_, i) => rows.map((row) => row[i]!))

describe('the C fixed-point primitives', () => {
  it('SaturatingRoundingDoublingHighMul matches on every pair of extreme and random values', () => {
    const [a, b] = columns(grid(values.slice(0, 60), values.slice(0, 60)))
    const expected = a!.map((x, i) => saturatingRoundingDoublingHighMul(x, b![i]!))
    expect(Array.from(runC(PRIMITIVE.srdhm, a!, b!))).toEqual(expected)
  })

  it('RoundingDivideByPOT matches for every exponent from 0 to 40', () => {
    const [x, e] = columns(
      grid(
        values,
        Array.from({ length: 41 }, (_, i) => i),
      ),
    )
    expect(Array.from(runC(PRIMITIVE.rdbpot, x!, e!))).toEqual(
      x!.map((v, i) => roundingDivideByPOT(v, e![i]!)),
    )
  })

  it('MultiplyByQuantizedMultiplier matches for every shift from −31 to 30 and extreme multipliers', () => {
    const multipliers = [
      0,
      1,
      2 ** 30,
      2 ** 30 + 1,
      1518500250,
      INT32_MAX - 1,
      INT32_MAX,
      randomInt32() >>> 1,
    ]
    const shifts = Array.from({ length: 62 }, (_, i) => i - 31)
    const [x, m, s] = columns(grid(values.slice(0, 80), multipliers, shifts))
    const expected = x!.map((v, i) => multiplyByQuantizedMultiplier(v, m![i]!, s![i]!))
    expect(Array.from(runC(PRIMITIVE.mbqm, x!, m!, s!))).toEqual(expected)
  })

  it('exp_on_negative_values matches on non-positive inputs for 1 to 8 integer bits', () => {
    const negative = [...values.filter((v) => v <= 0), ...values.filter((v) => v > 0).map((v) => -v)]
    const [a, bits] = columns(grid(negative, [1, 2, 3, 4, 5, 6, 7, 8]))
    expect(Array.from(runC(PRIMITIVE.expOnNegative, a!, bits!))).toEqual(
      a!.map((v, i) => expOnNegativeValues(v, bits![i]!)),
    )
  })

  it('GetReciprocal matches on positive inputs, scale and bit count both', () => {
    const positive = values.filter((v) => v > 0)
    const [x, digits] = columns(grid(positive, [0, 5, 12, 20]))
    const expected = x!.flatMap((v, i) => {
      const r = getReciprocal(v, digits![i]!)
      return [r.scale, r.numBitsOverUnit]
    })
    expect(Array.from(runC(PRIMITIVE.reciprocal, x!, digits!, undefined, 2))).toEqual(expected)
  })

  it('RoundingHalfSum and SaturatingRoundingMultiplyByPOT match on extreme values', () => {
    const [a, b] = columns(grid(values.slice(0, 60), values.slice(0, 60)))
    expect(Array.from(runC(PRIMITIVE.halfSum, a!, b!))).toEqual(a!.map((v, i) => roundingHalfSum(v, b![i]!)))
    const [x, e] = columns(
      grid(
        values,
        Array.from({ length: 62 }, (_, i) => i - 31),
      ),
    )
    expect(Array.from(runC(PRIMITIVE.srmbpot, x!, e!))).toEqual(
      x!.map((v, i) => saturatingRoundingMultiplyByPOT(v, e![i]!) | 0),
    )
  })
})
