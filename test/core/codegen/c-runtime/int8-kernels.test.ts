/**
 * The C runtime's int8 kernels, host-compiled with gcc (and sanitizers), give exactly the bytes of the
 * TypeScript reference interpreter on thousands of random shapes and quantization parameters per kernel.
 * Each kernel's cases run as one batch in one harness process.
 */
import { beforeAll, describe, it } from 'vitest'
import { createRng, type Rng } from '../../../../src/core/train/random'
import { expectBitExact } from './compare'
import { buildHarness, type Harness } from './harness'
import * as C from './int8-cases'

let harness: Harness
beforeAll(async () => {
  harness = await buildHarness()
}, 120_000)

function batch(seed: number, count: number, make: (rng: Rng, index: number) => C.Expected): C.Expected[] {
  const rng = createRng(seed)
  return Array.from({ length: count }, (_, i) => make(rng, i))
}

function check(items: C.Expected[]): void {
  expectBitExact(items, harness.run(items.map((item) => item.kernelCase)))
}

describe('the int8 C kernels', () => {
  it('convolve exactly as the reference on 3000 random conv2d cases (strides, dilation, padding at every edge)', () => {
    check(batch(1, 3000, C.conv2dCase))
  })

  it('convolve depthwise exactly as the reference on 3000 random cases with depth multipliers', () => {
    check(batch(2, 3000, C.depthwiseConv2dCase))
  })

  it('compute fully connected layers exactly as the reference on 2000 random cases', () => {
    check(batch(3, 2000, C.fullyConnectedCase))
  })

  it('average-pool exactly as the reference on 2000 random windows clipped at every edge', () => {
    check(batch(4, 2000, (rng) => C.pool2dCase(rng, true)))
  })

  it('max-pool exactly as the reference on 2000 random windows clipped at every edge', () => {
    check(batch(5, 2000, (rng) => C.pool2dCase(rng, false)))
  })

  it('add exactly as the reference on 3000 random cases, a third of them in place on either input', () => {
    const inPlace = [undefined, 'first', 'second'] as const
    check(batch(6, 3000, (rng, i) => C.addCase(rng, inPlace[i % 3])))
  })

  it('compute softmax exactly as the reference on 3000 random rows, half of them in place', () => {
    check(batch(7, 3000, (rng, i) => C.softmaxCase(rng, i % 2 ? 'first' : undefined)))
  })

  it('requantize (QUANTIZE int8, RELU) exactly as the reference on 3000 random cases, half in place', () => {
    check(batch(8, 3000, (rng, i) => C.requantizeCase(rng, i % 2 ? 'first' : undefined)))
  })

  it('clamp (RELU6) exactly as the reference on 1000 random cases, half in place', () => {
    check(batch(9, 1000, (rng, i) => C.clampS8Case(rng, i % 2 ? 'first' : undefined)))
  })
})
