import { beforeAll, describe, expect, it } from 'vitest'
import { convCases } from './conv-cases'
import {
  prng,
  randomValues,
  runKernel,
  setUp,
  stock,
  ours,
  tf,
  valuesOn,
  worstGradientError,
  worstSumError,
} from './helpers'

beforeAll(setUp)

const forwardAttrs = (c: ReturnType<typeof convCases>[number]) => ({
  strides: c.strides,
  pad: c.pad,
  dataFormat: 'NHWC',
  dilations: c.dilations,
})

/** Our output, tfjs-cpu's, and tfjs-cpu's on |inputs| (the magnitude that bounds rounding error). */
async function compare(name: string, inputs: Record<string, tf.Tensor>, attrs: object) {
  const [a] = await valuesOn(ours, () => runKernel(name, inputs, attrs))
  const [b] = await valuesOn(stock, () => runKernel(name, inputs, attrs))
  const absInputs = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, tf.abs(t)]))
  const [m] = await valuesOn(stock, () => runKernel(name, absInputs, attrs))
  tf.dispose(Object.values(absInputs))
  return { a: a!, b: b!, m: m! }
}

describe('Conv2D kernels on the mote-wasm backend', () => {
  it('computes Conv2D forward like tfjs-cpu within the float32 summation bound for 40 random shapes, incl. dilation', async () => {
    for (const c of convCases(40, 11, { dilate: true, depthwise: false })) {
      const { a, b, m } = await compare('Conv2D', { x: c.x, filter: c.filter }, forwardAttrs(c))
      const n = c.filter.shape[0] * c.filter.shape[1] * c.filter.shape[2]
      expect(worstSumError(a, b, m, n), c.label).toBeLessThanOrEqual(1)
    }
  })

  it('computes FusedConv2D with a bias and each activation like tfjs-cpu', async () => {
    const activations = ['linear', 'relu', 'relu6', 'leakyrelu', 'elu', 'sigmoid'] as const
    const cases = convCases(12, 12, { dilate: false, depthwise: false })
    for (const [i, c] of cases.entries()) {
      const activation = activations[i % activations.length]!
      const outC = c.filter.shape[3]
      const bias = tf.tensor1d(randomValues(prng(i), outC))
      const attrs = { ...forwardAttrs(c), activation, leakyreluAlpha: 0.3 }
      const [a] = await valuesOn(ours, () =>
        runKernel('FusedConv2D', { x: c.x, filter: c.filter, bias }, attrs),
      )
      const [b] = await valuesOn(stock, () =>
        runKernel('FusedConv2D', { x: c.x, filter: c.filter, bias }, attrs),
      )
      const [m] = await valuesOn(stock, () =>
        tf.add(
          runKernel('Conv2D', { x: tf.abs(c.x), filter: tf.abs(c.filter) }, forwardAttrs(c)),
          tf.abs(bias),
        ),
      )
      const n = c.filter.shape[0] * c.filter.shape[1] * c.filter.shape[2] + 1
      expect(worstSumError(a!, b!, m!, n), `${c.label} ${activation}`).toBeLessThanOrEqual(1)
    }
  })

  it('computes Conv2DBackpropInput like tfjs-cpu within the summation bound for 30 random shapes', async () => {
    for (const c of convCases(30, 13, { dilate: false, depthwise: false })) {
      const y = await valuesOn(stock, () => tf.conv2d(c.x, c.filter, c.strides, c.pad))
      const outShape = tf.tidy(() => tf.conv2d(c.x, c.filter, c.strides, c.pad).shape)
      const dy = tf.tensor(randomValues(prng(y[0]!.length), y[0]!.length), outShape)
      const attrs = { inputShape: c.x.shape, strides: c.strides, pad: c.pad, dataFormat: 'NHWC' }
      const { a, b, m } = await compare('Conv2DBackpropInput', { dy, filter: c.filter }, attrs)
      const n = c.filter.shape[0] * c.filter.shape[1] * c.filter.shape[3]
      expect(worstSumError(a, b, m, n), c.label).toBeLessThanOrEqual(1)
    }
  })

  it('computes Conv2DBackpropFilter like tfjs-cpu within the summation bound for 30 random shapes', async () => {
    for (const c of convCases(30, 14, { dilate: false, depthwise: false })) {
      const outShape = tf.tidy(() => tf.conv2d(c.x, c.filter, c.strides, c.pad).shape)
      const size = outShape.reduce((p, d) => p * d, 1)
      const dy = tf.tensor(randomValues(prng(size), size), outShape)
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter.shape }
      const { a, b, m } = await compare('Conv2DBackpropFilter', { x: c.x, dy }, attrs)
      expect(worstSumError(a, b, m, outShape[0]! * outShape[1]! * outShape[2]!), c.label).toBeLessThanOrEqual(
        1,
      )
    }
  })

  it('matches numerical gradients of conv2d with respect to input and filter for 12 random shapes', async () => {
    for (const [i, c] of convCases(12, 15, { dilate: false, depthwise: false }).entries()) {
      const f = (x: tf.Tensor, w: tf.Tensor) =>
        tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad)
      expect(await worstGradientError(f, [c.x, c.filter], i), c.label).toBeLessThan(2e-3)
    }
  })

  it('handles a shape that spans several im2col chunks and GEMM cache blocks (K = 360, N = 20)', async () => {
    const rand = prng(16)
    const x = tf.tensor4d(randomValues(rand, 2 * 20 * 20 * 40), [2, 20, 20, 40])
    const filter = tf.tensor4d(randomValues(rand, 3 * 3 * 40 * 20), [3, 3, 40, 20])
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 }
    const fwd = await compare('Conv2D', { x, filter }, attrs)
    expect(worstSumError(fwd.a, fwd.b, fwd.m, 360)).toBeLessThanOrEqual(1)
    const dy = tf.tensor4d(randomValues(rand, 2 * 20 * 20 * 20), [2, 20, 20, 20])
    const bwd = await compare('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: filter.shape })
    expect(worstSumError(bwd.a, bwd.b, bwd.m, 800)).toBeLessThanOrEqual(1)
  })

  it('hands NCHW convolutions back to tfjs-cpu, with identical results', async () => {
    const rand = prng(17)
    const x = tf.tensor4d(randomValues(rand, 2 * 3 * 6 * 5), [2, 3, 6, 5])
    const w = tf.tensor4d(randomValues(rand, 3 * 3 * 3 * 4), [3, 3, 3, 4])
    const [a] = await valuesOn(ours, () => tf.conv2d(x, w, 1, 'same', 'NCHW'))
    const [b] = await valuesOn(stock, () => tf.conv2d(x, w, 1, 'same', 'NCHW'))
    expect(Array.from(a!)).toEqual(Array.from(b!))
  })
})
