/**
 * The C runtime's float32 kernels, host-compiled with gcc -ffp-contract=off, against the reference
 * interpreter's float kernels on thousands of random cases: equal values for every kernel but softmax
 * (same float32 operations in the same order), and softmax within 2^-22 absolute — outputs lie in [0, 1]
 * and glibc's expf and V8's Math.exp (rounded to float32) may round a result differently by one float32 ulp,
 * which the sum and the division spread over the row by at most another ulp or two (docs/codegen.md).
 * Plus float ↔ int8 QUANTIZE / DEQUANTIZE, which are exact: ties, infinities and NaN included.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createRng, type Rng } from '../../../../src/core/train/random'
import { expectBitExact, expectSameFloats, floatError } from './compare'
import * as F from './float-cases'
import { buildHarness, type Harness } from './harness'
import type { Expected } from './int8-cases'

/** The softmax tolerance stated in docs/codegen.md. */
const SOFTMAX_TOLERANCE = 2 ** -22

let harness: Harness
beforeAll(async () => {
  harness = await buildHarness()
}, 120_000)

function run(seed: number, count: number, make: (rng: Rng, index: number) => Expected) {
  const rng = createRng(seed)
  const items = Array.from({ length: count }, (_, i) => make(rng, i))
  return { items, results: harness.run(items.map((item) => item.kernelCase)) }
}

const alternate = (i: number) => (i % 2 ? ('first' as const) : undefined)

describe('the float32 C kernels', () => {
  it('convolve to the reference’s values on 2000 random conv2d cases', () => {
    const { items, results } = run(11, 2000, F.conv2dF32Case)
    expectSameFloats(items, results)
  })

  it('convolve depthwise to the reference’s values on 2000 random cases', () => {
    const { items, results } = run(12, 2000, F.depthwiseConv2dF32Case)
    expectSameFloats(items, results)
  })

  it('compute fully connected layers to the reference’s values on 2000 random cases', () => {
    const { items, results } = run(13, 2000, F.fullyConnectedF32Case)
    expectSameFloats(items, results)
  })

  it('average- and max-pool to the reference’s values on 2000 random cases each', () => {
    for (const average of [true, false]) {
      const { items, results } = run(average ? 14 : 15, 2000, (rng) => F.pool2dF32Case(rng, average))
      expectSameFloats(items, results)
    }
  })

  it('add and clamp to the reference’s values on 2000 random cases each, in place too', () => {
    const inPlace = [undefined, 'first', 'second'] as const
    const add = run(16, 2000, (rng, i) => F.addF32Case(rng, inPlace[i % 3]))
    expectSameFloats(add.items, add.results)
    const clamp = run(17, 2000, (rng, i) => F.clampF32Case(rng, alternate(i)))
    expectSameFloats(clamp.items, clamp.results)
  })

  it('compute softmax within 2^-22 of the reference on 2000 random rows, half in place', () => {
    const { items, results } = run(18, 2000, (rng, i) => F.softmaxF32Case(rng, alternate(i)))
    const error = floatError(items, results)
    expect(error.failures).toEqual([])
    expect(error.maxAbsolute).toBeLessThanOrEqual(SOFTMAX_TOLERANCE)
  })

  it('quantize float → int8 exactly as the reference (ties away from zero, ±∞, NaN), half in place', () => {
    const { items, results } = run(19, 2000, (rng, i) => F.quantizeCase(rng, alternate(i)))
    expectBitExact(items, results)
  })

  it('dequantize int8 → float exactly as the reference, half in place', () => {
    const { items, results } = run(20, 2000, (rng, i) => F.dequantizeCase(rng, alternate(i)))
    expectBitExact(items, results)
  })
})
