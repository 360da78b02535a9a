import { beforeAll, describe, expect, it } from 'vitest'
import {
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

describe('matrix-multiply kernels on the mote-wasm backend', () => {
  it('computes BatchMatMul like tfjs-cpu for 30 random shapes, transposes and broadcast batches', async () => {
    const rand = prng(41)
    for (let i = 0; i < 30; i++) {
      const [m, k, n] = [int(rand, 1, 40), int(rand, 1, 300), int(rand, 1, 40)]
      const batch = int(rand, 1, 3)
      const [transposeA, transposeB] = [rand() < 0.5, rand() < 0.5]
      const batchB = rand() < 0.3 ? 1 : batch
      const a = tf.tensor3d(randomValues(rand, batch * m * k), transposeA ? [batch, k, m] : [batch, m, k])
      const b = tf.tensor3d(randomValues(rand, batchB * k * n), transposeB ? [batchB, n, k] : [batchB, k, n])
      const attrs = { transposeA, transposeB }
      const [x] = await valuesOn(ours, () => runKernel('BatchMatMul', { a, b }, attrs))
      const [y] = await valuesOn(stock, () => runKernel('BatchMatMul', { a, b }, attrs))
      const [mag] = await valuesOn(stock, () =>
        runKernel('BatchMatMul', { a: tf.abs(a), b: tf.abs(b) }, attrs),
      )
      expect(
        worstSumError(x!, y!, mag!, k),
        `${a.shape} ${b.shape} ${transposeA} ${transposeB}`,
      ).toBeLessThanOrEqual(1)
    }
  })

  it('computes _FusedMatMul with a bias and relu like tfjs-cpu (what a Dense layer runs)', async () => {
    const rand = prng(42)
    const a = tf.tensor2d(randomValues(rand, 33 * 70), [33, 70])
    const b = tf.tensor2d(randomValues(rand, 70 * 13), [70, 13])
    const bias = tf.tensor1d(randomValues(rand, 13))
    const attrs = { transposeA: false, transposeB: false, activation: 'relu' }
    const [x] = await valuesOn(ours, () => runKernel('_FusedMatMul', { a, b, bias }, attrs))
    const [y] = await valuesOn(stock, () => runKernel('_FusedMatMul', { a, b, bias }, attrs))
    const [mag] = await valuesOn(stock, () => tf.add(tf.matMul(tf.abs(a), tf.abs(b)), tf.abs(bias)))
    expect(worstSumError(x!, y!, mag!, 71)).toBeLessThanOrEqual(1)
  })

  it('matches numerical gradients of matMul for both operands', async () => {
    const rand = prng(43)
    const a = tf.tensor2d(randomValues(rand, 9 * 17), [9, 17])
    const b = tf.tensor2d(randomValues(rand, 17 * 6), [17, 6])
    const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D)
    expect(await worstGradientError(f, [a, b], 44)).toBeLessThan(2e-3)
  })
})
