import { beforeAll, describe, expect, it } from 'vitest'
import {
  bitEqual,
  int,
  ours,
  prng,
  randomValues,
  runKernel,
  setUp,
  stock,
  tf,
  valuesOn,
  worstGradientError,
  worstSumError,
} from './helpers'

beforeAll(setUp)

interface PoolCase {
  readonly x: tf.Tensor4D
  readonly filterSize: [number, number]
  readonly strides: [number, number]
  readonly pad: 'same' | 'valid'
  readonly label: string
}

/** Random pools; x holds distinct values ≥ 0.05 apart so that a small step never changes a window's maximum. */
function poolCases(count: number, seed: number): PoolCase[] {
  const rand = prng(seed)
  const cases: PoolCase[] = []
  while (cases.length < count) {
    const filterSize: [number, number] = [int(rand, 1, 3), int(rand, 1, 3)]
    const strides: [number, number] = [int(rand, 1, 3), int(rand, 1, 3)]
    const pad = rand() < 0.5 ? 'same' : 'valid'
    const shape: [number, number, number, number] = [
      int(rand, 1, 3),
      int(rand, 1, 8),
      int(rand, 1, 8),
      int(rand, 1, 7),
    ]
    if (pad === 'valid' && (shape[1] < filterSize[0] || shape[2] < filterSize[1])) continue
    const size = shape.reduce((a, b) => a * b, 1)
    const order = Array.from({ length: size }, (_, i) => i).sort(() => rand() - 0.5)
    const x = tf.tensor4d(
      order.map((v) => v * 0.05 - size * 0.025),
      shape,
    )
    cases.push({ x, filterSize, strides, pad, label: `x ${shape} f ${filterSize} s ${strides} ${pad}` })
  }
  return cases
}

describe('pooling kernels on the mote-wasm backend', () => {
  it('computes MaxPool and AvgPool exactly / within rounding of tfjs-cpu for 40 random shapes', async () => {
    for (const c of poolCases(40, 31)) {
      const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad }
      const [maxOurs] = await valuesOn(ours, () => runKernel('MaxPool', { x: c.x }, attrs))
      const [maxStock] = await valuesOn(stock, () => runKernel('MaxPool', { x: c.x }, attrs))
      expect(bitEqual(maxOurs!, maxStock!), c.label).toBe(true)
      const [avgOurs] = await valuesOn(ours, () => runKernel('AvgPool', { x: c.x }, attrs))
      const [avgStock] = await valuesOn(stock, () => runKernel('AvgPool', { x: c.x }, attrs))
      const [m] = await valuesOn(stock, () => runKernel('AvgPool', { x: tf.abs(c.x) }, attrs))
      expect(
        worstSumError(avgOurs!, avgStock!, m!, c.filterSize[0] * c.filterSize[1] + 1),
        c.label,
      ).toBeLessThanOrEqual(1)
    }
  })

  it('computes MaxPoolGrad and AvgPoolGrad like tfjs-cpu for 30 random shapes', async () => {
    for (const c of poolCases(30, 32)) {
      const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad }
      const y = tf.tidy(() => tf.maxPool(c.x, c.filterSize, c.strides, c.pad))
      const dy = tf.tensor(randomValues(prng(y.size), y.size), y.shape)
      const inputs = { dy, input: c.x, output: y }
      const [a] = await valuesOn(ours, () => runKernel('MaxPoolGrad', inputs, attrs))
      const [b] = await valuesOn(stock, () => runKernel('MaxPoolGrad', inputs, attrs))
      const [m] = await valuesOn(stock, () => runKernel('MaxPoolGrad', { ...inputs, dy: tf.abs(dy) }, attrs))
      expect(worstSumError(a!, b!, m!, c.filterSize[0] * c.filterSize[1]), c.label).toBeLessThanOrEqual(1)
      const [g] = await valuesOn(ours, () => runKernel('AvgPoolGrad', { dy, input: c.x }, attrs))
      const [h] = await valuesOn(stock, () => runKernel('AvgPoolGrad', { dy, input: c.x }, attrs))
      const [n] = await valuesOn(stock, () => runKernel('AvgPoolGrad', { dy: tf.abs(dy), input: c.x }, attrs))
      expect(worstSumError(g!, h!, n!, c.filterSize[0] * c.filterSize[1] + 1), c.label).toBeLessThanOrEqual(1)
    }
  })

  it('passes max-pool gradients to the first maximum of a tied window, like tfjs-cpu', async () => {
    // rows [1 3 3 0] and [2 3 1 3]: both 2×2 windows hold their maximum 3 twice; the first (row-major) wins
    const x = tf.tensor4d([1, 3, 3, 0, 2, 3, 1, 3], [1, 2, 4, 1])
    const grad = (backend: string) =>
      valuesOn(backend, () =>
        tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(x),
      )
    expect(Array.from((await grad(ours))[0]!)).toEqual([0, 1, 1, 0, 0, 0, 0, 0])
    expect(Array.from((await grad(stock))[0]!)).toEqual([0, 1, 1, 0, 0, 0, 0, 0])
  })

  it('matches numerical gradients of maxPool and avgPool for 12 random shapes', async () => {
    for (const [i, c] of poolCases(12, 33).entries()) {
      const max = (x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, c.filterSize, c.strides, c.pad)
      expect(await worstGradientError(max, [c.x], 200 + i, 0.01), c.label).toBeLessThan(2e-3)
      const avg = (x: tf.Tensor) => tf.avgPool(x as tf.Tensor4D, c.filterSize, c.strides, 'valid')
      if (c.x.shape[1] >= c.filterSize[0] && c.x.shape[2] >= c.filterSize[1]) {
        expect(await worstGradientError(avg, [c.x], 300 + i), c.label).toBeLessThan(2e-3)
      }
    }
  })
})
