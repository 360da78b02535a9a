import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { fastKernels, registerFastBackend } from '../../../../src/core/train/kernels'
import { ours, setUp, tf } from './helpers'

beforeAll(setUp)
afterEach(() => vi.restoreAllMocks())

describe('the mote-wasm backend registration', () => {
  it('offers every tfjs-cpu kernel, so that any model runs on it', () => {
    const names = (backend: string) =>
      tf
        .getKernelsForBackend(backend)
        .map((k) => k.kernelName)
        .sort()
    expect(names(ours)).toEqual(names('cpu'))
  })

  it('replaces only kernels that tfjs-cpu has, among them every convolution gradient', () => {
    const cpu = new Set(tf.getKernelsForBackend('cpu').map((k) => k.kernelName))
    for (const name of Object.keys(fastKernels)) expect(cpu.has(name), name).toBe(true)
    for (const name of [
      'Conv2DBackpropFilter',
      'Conv2DBackpropInput',
      'DepthwiseConv2dNativeBackpropFilter',
    ]) {
      expect(tf.getKernel(name, ours)?.kernelFunc).not.toBe(tf.getKernel(name, 'cpu')?.kernelFunc)
    }
  })

  it('can be registered again without warnings and selected without console output', async () => {
    const warn = vi.spyOn(console, 'warn')
    const log = vi.spyOn(console, 'log')
    registerFastBackend()
    await tf.setBackend(ours)
    tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.scalar(1)).dataSync())
    expect(warn).not.toHaveBeenCalled()
    expect(log).not.toHaveBeenCalled()
  })
})
