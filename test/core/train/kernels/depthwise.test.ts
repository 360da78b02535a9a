import { beforeAll, describe, expect, it } from 'vitest'
import { convCases } from './conv-cases'
import {
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

async function compare(name: string, inputs: Record<string, tf.Tensor>, attrs: object) {
  const [a] = await valuesOn(ours, () => runKernel(name, inputs, attrs))
  const [b] = await valuesOn(stock, () => runKernel(name, inputs, attrs))
  const absInputs = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, tf.abs(t)]))
  const [m] = await valuesOn(stock, () => runKernel(name, absInputs, attrs))
  tf.dispose(Object.values(absInputs))
  return { a: a!, b: b!, m: m! }
}

function dyFor(c: ReturnType<typeof convCases>[number]): tf.Tensor {
  const shape = tf.tidy(() => tf.depthwiseConv2d(c.x, c.filter, c.strides, c.pad).shape)
  const size = shape.reduce((p, d) => p * d, 1)
  return tf.tensor(randomValues(prng(size + 7), size), shape)
}

describe('depthwise Conv2D kernels on the mote-wasm backend', () => {
  it('computes DepthwiseConv2dNative like tfjs-cpu for 40 random shapes with channel multipliers 1–3 and dilation', async () => {
    for (const c of convCases(40, 21, { dilate: true, depthwise: true })) {
      const attrs = { strides: c.strides, pad: c.pad, dilations: c.dilations, dataFormat: 'NHWC' }
      const { a, b, m } = await compare('DepthwiseConv2dNative', { x: c.x, filter: c.filter }, attrs)
      expect(worstSumError(a, b, m, c.filter.shape[0] * c.filter.shape[1]), c.label).toBeLessThanOrEqual(1)
    }
  })

  it('computes FusedDepthwiseConv2D with a bias and relu / relu6 / linear like tfjs-cpu', async () => {
    for (const [i, c] of convCases(9, 22, { dilate: false, depthwise: true }).entries()) {
      const activation = (['relu', 'relu6', 'linear'] as const)[i % 3]
      const bias = tf.tensor1d(randomValues(prng(i), c.filter.shape[2] * c.filter.shape[3]))
      const attrs = { strides: c.strides, pad: c.pad, dilations: 1, dataFormat: 'NHWC', activation }
      const [a] = await valuesOn(ours, () =>
        runKernel('FusedDepthwiseConv2D', { x: c.x, filter: c.filter, bias }, attrs),
      )
      const [b] = await valuesOn(stock, () =>
        runKernel('FusedDepthwiseConv2D', { x: c.x, filter: c.filter, bias }, attrs),
      )
      const [m] = await valuesOn(stock, () =>
        tf.add(tf.depthwiseConv2d(tf.abs(c.x), tf.abs(c.filter), c.strides, c.pad), tf.abs(bias)),
      )
      const n = c.filter.shape[0] * c.filter.shape[1] + 1
      expect(worstSumError(a!, b!, m!, n), `${c.label} ${activation}`).toBeLessThanOrEqual(1)
    }
  })

  it('computes DepthwiseConv2dNativeBackpropInput like tfjs-cpu for 30 random shapes', async () => {
    for (const c of convCases(30, 23, { dilate: false, depthwise: true })) {
      const attrs = { strides: c.strides, pad: c.pad, dilations: 1, inputShape: c.x.shape }
      const { a, b, m } = await compare(
        'DepthwiseConv2dNativeBackpropInput',
        { dy: dyFor(c), filter: c.filter },
        attrs,
      )
      const n = c.filter.shape[0] * c.filter.shape[1] * c.filter.shape[3]
      expect(worstSumError(a, b, m, n), c.label).toBeLessThanOrEqual(1)
    }
  })

  it('computes DepthwiseConv2dNativeBackpropFilter like tfjs-cpu for 30 random shapes', async () => {
    for (const c of convCases(30, 24, { dilate: false, depthwise: true })) {
      const dy = dyFor(c)
      const attrs = { strides: c.strides, pad: c.pad, dilations: 1, filterShape: c.filter.shape }
      const { a, b, m } = await compare('DepthwiseConv2dNativeBackpropFilter', { x: c.x, dy }, attrs)
      expect(worstSumError(a, b, m, dy.shape[0]! * dy.shape[1]! * dy.shape[2]!), c.label).toBeLessThanOrEqual(
        1,
      )
    }
  })

  it('matches numerical gradients of depthwiseConv2d with respect to input and filter for 12 random shapes', async () => {
    for (const [i, c] of convCases(12, 25, { dilate: false, depthwise: true }).entries()) {
      const f = (x: tf.Tensor, w: tf.Tensor) =>
        tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad)
      expect(await worstGradientError(f, [c.x, c.filter], 100 + i), c.label).toBeLessThan(2e-3)
    }
  })
})
