/**
 * The runtime's preconditions (docs/codegen.md, "The contract"): a kernel given impossible parameters,
 * a NULL tensor or an overlapping output returns the documented mote_status_t and writes nothing (the
 * harness reports any byte written on an error), while the same case with valid parameters runs.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createRng } from '../../../../src/core/train/random'
import { buildHarness, type Harness } from './harness'
import * as C from './int8-cases'
import * as F from './float-cases'
import type { KernelCase } from './wire'

const STATUS = { ok: 0, nullPointer: 1, badShape: 2, badQuantization: 3, overflow: 4, overlap: 5 }

let harness: Harness
beforeAll(async () => {
  harness = await buildHarness()
}, 120_000)

const rng = createRng(77)
const conv = C.conv2dCase(rng).kernelCase
const dense = C.fullyConnectedCase(rng).kernelCase
const pool = C.pool2dCase(rng, true).kernelCase
const add = C.addCase(rng).kernelCase
const softmax = C.softmaxCase(rng).kernelCase
const quantize = F.quantizeCase(rng).kernelCase

/** `base` with some params replaced (nested one level: { window: { stride_h: 0 } }). */
function withParams(base: KernelCase, changes: Record<string, unknown>): KernelCase {
  const params = { ...(base.params as Record<string, unknown>) }
  for (const [key, value] of Object.entries(changes)) {
    params[key] =
      typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)
        ? { ...(params[key] as object), ...value }
        : value
  }
  return { ...base, params }
}

function statusOf(kernelCase: KernelCase): number {
  return harness.run([kernelCase])[0]!.status
}

describe('the runtime’s preconditions', () => {
  it('run the unchanged cases', () => {
    expect([conv, dense, pool, add, softmax, quantize].map(statusOf)).toEqual([0, 0, 0, 0, 0, 0])
  })

  it('refuse a NULL input or weight tensor', () => {
    expect(statusOf({ ...conv, buffers: [undefined, ...conv.buffers.slice(1)] })).toBe(STATUS.nullPointer)
    expect(statusOf({ ...dense, buffers: [dense.buffers[0], undefined, ...dense.buffers.slice(2)] })).toBe(
      STATUS.nullPointer,
    )
  })

  it('refuse strides, dilations or sizes below 1, negative padding and pooling windows off the input', () => {
    expect(statusOf(withParams(conv, { window: { stride_h: 0 } }))).toBe(STATUS.badShape)
    expect(statusOf(withParams(conv, { window: { dilation_w: 0 } }))).toBe(STATUS.badShape)
    expect(statusOf(withParams(conv, { window: { pad_left: -1 } }))).toBe(STATUS.badShape)
    expect(statusOf(withParams(dense, { units: 0 }))).toBe(STATUS.badShape)
    expect(statusOf(withParams(pool, { window: { pad_top: 99 } }))).toBe(STATUS.badShape)
  })

  it('refuse shifts outside [−31, 30], zero points and clamp ranges outside int8', () => {
    expect(statusOf(withParams(add, { output_shift: 31 }))).toBe(STATUS.badQuantization)
    expect(statusOf(withParams(add, { input1_offset: -128 }))).toBe(STATUS.badQuantization)
    expect(statusOf(withParams(conv, { requant: { activation_min: 10, activation_max: 9 } }))).toBe(
      STATUS.badQuantization,
    )
    expect(statusOf(withParams(softmax, { input_left_shift: 32 }))).toBe(STATUS.badQuantization)
    expect(statusOf(withParams(quantize, { scale: 0 }))).toBe(STATUS.badQuantization)
  })

  it('refuse a window with more int8 products per output than an int32 accumulator holds', () => {
    const depth = 65_794
    const big = withParams(dense, { batches: 1, depth, units: 1, requant: { per_channel: 0 } })
    const buffers = [new Int8Array(depth), new Int8Array(depth), undefined, ...dense.buffers.slice(3)]
    expect(statusOf({ ...big, buffers, outputBytes: 1 })).toBe(STATUS.overflow)
    expect(statusOf({ ...withParams(big, { depth: depth - 1 }), buffers, outputBytes: 1 })).toBe(STATUS.ok)
  })

  it('refuse an output that aliases the input of a window kernel, but run element-wise kernels in place', () => {
    expect(statusOf({ ...conv, inPlace: 'first' })).toBe(STATUS.overlap)
    expect(statusOf({ ...dense, inPlace: 'first' })).toBe(STATUS.overlap)
    expect(statusOf({ ...add, inPlace: 'second' })).toBe(STATUS.ok)
  })
})
