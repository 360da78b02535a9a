/**
 * Random int8 kernel cases: each builds the reference interpreter's prepared kernel from random draws, runs
 * the TypeScript reference on random inputs for the expected bytes, and turns the same prepared kernel into
 * the C params with src/core/codegen/c/kernel-params.ts.
 */
import * as P from '../../../../src/core/codegen/c/kernel-params'
import { addInt8, type AddInt8 } from '../../../../src/core/compress/reference/add'
import { conv2dInt8 } from '../../../../src/core/compress/reference/conv2d'
import { depthwiseConv2dInt8 } from '../../../../src/core/compress/reference/depthwise-conv2d'
import { clamp, requantizeInt8 } from '../../../../src/core/compress/reference/elementwise'
import { fullyConnectedInt8 } from '../../../../src/core/compress/reference/fully-connected'
import { pool2d, type Pool2d } from '../../../../src/core/compress/reference/pooling'
import { softmaxInt8 } from '../../../../src/core/compress/reference/softmax'
import {
  calculateInputRadius,
  preprocessSoftmaxScaling,
} from '../../../../src/core/compress/quantize/quantize-multiplier'
import type { Rng } from '../../../../src/core/train/random'
import * as D from './random-draws'
import type { HarnessKernel, KernelCase } from './wire'

export interface Expected {
  readonly kernelCase: KernelCase
  readonly expected: Uint8Array
}

/** A case of `kernel` and the reference's `output` it must reproduce. */
export function expectation(
  kernel: HarnessKernel,
  params: object,
  buffers: KernelCase['buffers'],
  output: Int8Array | Float32Array,
  inPlace?: KernelCase['inPlace'],
): Expected {
  const kernelCase = { kernel, params, buffers, outputBytes: output.byteLength, inPlace }
  return { kernelCase, expected: new Uint8Array(output.buffer, output.byteOffset, output.byteLength) }
}

/** The weighted kernels' trailing buffers: the requantization's multipliers and shifts (weight memory). */
const requantBuffers = (r: P.MoteRequant) => [r.multipliers, r.shifts]

function optionalBias(rng: Rng, length: number): Int32Array | undefined {
  return rng.next() < 0.15 ? undefined : D.int32Array(rng, length, 1 << 16)
}

export function conv2dCase(rng: Rng): Expected {
  const geometry = D.windowGeometry(rng, { maxSize: 9, maxChannels: 6, maxFilter: 4, dilation: true })
  const p = {
    geometry,
    requantization: D.requantization(rng, geometry.outC),
    filter: D.int8Array(rng, geometry.outC * geometry.kH * geometry.kW * geometry.inC),
    bias: optionalBias(rng, geometry.outC),
  }
  const input = D.int8Array(rng, D.inputCount(geometry))
  const output = new Int8Array(D.outputCount(geometry))
  conv2dInt8(p, input, output)
  const params = P.conv2dS8Params(p)
  return expectation(
    'mote_conv2d_s8',
    params,
    [input, p.filter, p.bias, ...requantBuffers(params.requant)],
    output,
  )
}

export function depthwiseConv2dCase(rng: Rng): Expected {
  const depthMultiplier = D.edgy(rng, 1, 4, [1], 0.5)
  const base = D.windowGeometry(rng, { maxSize: 10, maxChannels: 6, maxFilter: 5, dilation: true })
  const geometry = { ...base, outC: base.inC * depthMultiplier, depthMultiplier }
  const p = {
    geometry,
    requantization: D.requantization(rng, geometry.outC),
    filter: D.int8Array(rng, geometry.kH * geometry.kW * geometry.outC),
    bias: optionalBias(rng, geometry.outC),
  }
  const input = D.int8Array(rng, D.inputCount(geometry))
  const output = new Int8Array(D.outputCount(geometry))
  depthwiseConv2dInt8(p, input, output)
  const params = P.depthwiseConv2dS8Params(p)
  return expectation(
    'mote_depthwise_conv2d_s8',
    params,
    [input, p.filter, p.bias, ...requantBuffers(params.requant)],
    output,
  )
}

export function fullyConnectedCase(rng: Rng): Expected {
  const geometry = { batches: D.edgy(rng, 1, 3, [1], 0.6), depth: rng.int(1, 160), units: rng.int(1, 16) }
  const p = {
    geometry,
    requantization: D.requantization(rng, geometry.units),
    weights: D.int8Array(rng, geometry.units * geometry.depth),
    bias: optionalBias(rng, geometry.units),
  }
  const input = D.int8Array(rng, geometry.batches * geometry.depth)
  const output = new Int8Array(geometry.batches * geometry.units)
  fullyConnectedInt8(p, input, output)
  const params = P.fullyConnectedS8Params(p)
  return expectation(
    'mote_fully_connected_s8',
    params,
    [input, p.weights, p.bias, ...requantBuffers(params.requant)],
    output,
  )
}

/** A pooling geometry whose every window overlaps the input (TFLite's SAME/VALID always do). */
export function poolGeometry(rng: Rng): Pool2d['geometry'] {
  const g = D.windowGeometry(rng, { maxSize: 12, maxChannels: 5, maxFilter: 5, dilation: false })
  const fit = (size: number, stride: number, pad: number, out: number) =>
    Math.min(out, Math.floor((size - 1 + pad) / stride) + 1)
  return {
    batches: g.batches,
    inH: g.inH,
    inW: g.inW,
    channels: g.inC,
    outH: fit(g.inH, g.strideH, g.padH, g.outH),
    outW: fit(g.inW, g.strideW, g.padW, g.outW),
    filterH: g.kH,
    filterW: g.kW,
    strideH: g.strideH,
    strideW: g.strideW,
    padH: g.padH,
    padW: g.padW,
  }
}

export function pool2dCase(rng: Rng, average: boolean): Expected {
  const range = D.int8Range(rng)
  const p: Pool2d = {
    average,
    geometry: poolGeometry(rng),
    activationMin: range.min,
    activationMax: range.max,
  }
  const g = p.geometry
  const input = D.int8Array(rng, g.batches * g.inH * g.inW * g.channels)
  const output = new Int8Array(g.batches * g.outH * g.outW * g.channels)
  pool2d(p, input, output)
  return expectation(
    average ? 'mote_average_pool2d_s8' : 'mote_max_pool2d_s8',
    P.pool2dParams(p),
    [input],
    output,
  )
}

/** ADD with random (not only TFLite-derived) multipliers and shifts; TFLite's int8 left shift is 20. */
export function addCase(rng: Rng, inPlace?: 'first' | 'second'): Expected {
  const range = D.int8Range(rng)
  const inputShift = () => (rng.next() < 0.7 ? rng.int(-8, 0) : D.shift(rng))
  const p: AddInt8 = {
    size: rng.int(1, 200),
    leftShift: D.edgy(rng, 0, 22, [20], 0.7),
    input1Offset: -D.zeroPoint(rng),
    input2Offset: -D.zeroPoint(rng),
    input1Multiplier: D.multiplier(rng),
    input1Shift: inputShift(),
    input2Multiplier: D.multiplier(rng),
    input2Shift: inputShift(),
    outputMultiplier: D.multiplier(rng),
    outputShift: D.edgy(rng, -31, 0, [-20, -31, 0]),
    outputOffset: D.zeroPoint(rng),
    activationMin: range.min,
    activationMax: range.max,
  }
  const a = D.int8Array(rng, p.size)
  const b = D.int8Array(rng, p.size)
  const output = new Int8Array(p.size)
  addInt8(p, a, b, output)
  return expectation('mote_add_s8', P.addS8Params(p), [a, b], output, inPlace)
}

/** SOFTMAX with beta · input scale from tiny to huge, so the left shift covers [0, 31]. */
export function softmaxCase(rng: Rng, inPlace?: 'first'): Expected {
  const betaTimesScale = Math.fround(2 ** rng.uniform(-25, 6))
  const { multiplier, shift } = preprocessSoftmaxScaling(1, betaTimesScale, 5)
  // Rarely a long row: over 512 near-equal maxima push the reciprocal's exponent past 31, over 4096 wrap the sum.
  const long = rng.next() < 0.02
  const p = {
    outer: long ? 1 : rng.int(1, 4),
    depth: long ? [600, 5000][rng.int(0, 1)]! : D.edgy(rng, 1, 64, [1, 2, 10], 0.1),
    inputMultiplier: multiplier,
    inputLeftShift: shift,
    diffMin: -calculateInputRadius(5, shift),
  }
  const input = D.int8Array(rng, p.outer * p.depth)
  const output = new Int8Array(input.length)
  softmaxInt8(p, input, output)
  return expectation('mote_softmax_s8', P.softmaxS8Params(p), [input], output, inPlace)
}

/** int8 → int8 requantization (QUANTIZE, RELU) with random multipliers and shifts. */
export function requantizeCase(rng: Rng, inPlace?: 'first'): Expected {
  const range = D.int8Range(rng)
  const p = {
    size: rng.int(1, 300),
    inputZeroPoint: D.zeroPoint(rng),
    outputZeroPoint: D.zeroPoint(rng),
    multiplier: D.multiplier(rng),
    shift: D.shift(rng),
    min: range.min,
    max: range.max,
  }
  const input = D.int8Array(rng, p.size)
  const output = new Int8Array(p.size)
  requantizeInt8(p, input, output)
  return expectation('mote_requantize_s8', P.requantizeS8Params(p), [input], output, inPlace)
}

export function clampS8Case(rng: Rng, inPlace?: 'first'): Expected {
  const range = D.int8Range(rng)
  const p = { size: rng.int(1, 300), min: range.min, max: range.max }
  const input = D.int8Array(rng, p.size)
  const output = new Int8Array(p.size)
  clamp(p, input, output)
  return expectation('mote_clamp_s8', P.clampParams(p), [input], output, inPlace)
}
