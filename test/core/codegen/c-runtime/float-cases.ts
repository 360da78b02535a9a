/**
 * Random float32 kernel cases against the reference interpreter's float kernels (float32 arithmetic in
 * TFLite's loop order), and the float ↔ int8 QUANTIZE / DEQUANTIZE kernels.
 */
import * as P from '../../../../src/core/codegen/c/kernel-params'
import { addFloat } from '../../../../src/core/compress/reference/add'
import { conv2dFloat, floatActivationRange } from '../../../../src/core/compress/reference/conv2d'
import { depthwiseConv2dFloat } from '../../../../src/core/compress/reference/depthwise-conv2d'
import { clamp, dequantizeInt8, quantizeFloat } from '../../../../src/core/compress/reference/elementwise'
import { fullyConnectedFloat } from '../../../../src/core/compress/reference/fully-connected'
import { pool2d } from '../../../../src/core/compress/reference/pooling'
import { softmaxFloat } from '../../../../src/core/compress/reference/softmax'
import type { Rng } from '../../../../src/core/train/random'
import { expectation, poolGeometry, type Expected } from './int8-cases'
import * as D from './random-draws'

const activations = ['none', 'relu', 'relu6'] as const

const activation = (rng: Rng) => floatActivationRange(activations[rng.int(0, 2)]!)
const optionalBias = (rng: Rng, length: number) =>
  rng.next() < 0.15 ? undefined : D.float32Array(rng, length)

export function conv2dF32Case(rng: Rng): Expected {
  const geometry = D.windowGeometry(rng, { maxSize: 9, maxChannels: 6, maxFilter: 4, dilation: true })
  const p = {
    geometry,
    filter: D.float32Array(rng, geometry.outC * geometry.kH * geometry.kW * geometry.inC),
    bias: optionalBias(rng, geometry.outC),
    ...activation(rng),
  }
  const input = D.float32Array(rng, D.inputCount(geometry), 4)
  const output = new Float32Array(D.outputCount(geometry))
  conv2dFloat(p, input, output)
  return expectation('mote_conv2d_f32', P.conv2dF32Params(p), [input, p.filter, p.bias], output)
}

export function depthwiseConv2dF32Case(rng: Rng): Expected {
  const depthMultiplier = D.edgy(rng, 1, 4, [1], 0.5)
  const base = D.windowGeometry(rng, { maxSize: 10, maxChannels: 6, maxFilter: 5, dilation: true })
  const geometry = { ...base, outC: base.inC * depthMultiplier, depthMultiplier }
  const p = {
    geometry,
    filter: D.float32Array(rng, geometry.kH * geometry.kW * geometry.outC),
    bias: optionalBias(rng, geometry.outC),
    ...activation(rng),
  }
  const input = D.float32Array(rng, D.inputCount(geometry), 4)
  const output = new Float32Array(D.outputCount(geometry))
  depthwiseConv2dFloat(p, input, output)
  return expectation(
    'mote_depthwise_conv2d_f32',
    P.depthwiseConv2dF32Params(p),
    [input, p.filter, p.bias],
    output,
  )
}

export function fullyConnectedF32Case(rng: Rng): Expected {
  const geometry = { batches: D.edgy(rng, 1, 3, [1], 0.6), depth: rng.int(1, 160), units: rng.int(1, 16) }
  const p = {
    geometry,
    weights: D.float32Array(rng, geometry.units * geometry.depth),
    bias: optionalBias(rng, geometry.units),
    ...activation(rng),
  }
  const input = D.float32Array(rng, geometry.batches * geometry.depth, 4)
  const output = new Float32Array(geometry.batches * geometry.units)
  fullyConnectedFloat(p, input, output)
  return expectation(
    'mote_fully_connected_f32',
    P.fullyConnectedF32Params(p),
    [input, p.weights, p.bias],
    output,
  )
}

export function pool2dF32Case(rng: Rng, average: boolean): Expected {
  const p = { average, geometry: poolGeometry(rng), ...activation(rng) }
  const g = p.geometry
  const input = D.float32Array(rng, g.batches * g.inH * g.inW * g.channels, 8)
  const output = new Float32Array(g.batches * g.outH * g.outW * g.channels)
  pool2d(p, input, output)
  return expectation(
    average ? 'mote_average_pool2d_f32' : 'mote_max_pool2d_f32',
    P.pool2dParams(p),
    [input],
    output,
  )
}

export function addF32Case(rng: Rng, inPlace?: 'first' | 'second'): Expected {
  const p = { size: rng.int(1, 200), ...activation(rng) }
  const a = D.float32Array(rng, p.size, 8)
  const b = D.float32Array(rng, p.size, 8)
  const output = new Float32Array(p.size)
  addFloat(p, a, b, output)
  return expectation('mote_add_f32', P.addF32Params(p), [a, b], output, inPlace)
}

export function softmaxF32Case(rng: Rng, inPlace?: 'first'): Expected {
  const p = {
    outer: rng.int(1, 4),
    depth: D.edgy(rng, 1, 64, [1, 2, 1000], 0.1),
    beta: Math.fround(rng.uniform(0.1, 4)),
  }
  const input = D.float32Array(rng, p.outer * p.depth, 10)
  const output = new Float32Array(input.length)
  softmaxFloat(p, input, output)
  return expectation('mote_softmax_f32', P.softmaxF32Params(p), [input], output, inPlace)
}

export function clampF32Case(rng: Rng, inPlace?: 'first'): Expected {
  const range = activation(rng)
  const p = { size: rng.int(1, 300), min: range.activationMin, max: range.activationMax }
  const input = D.float32Array(rng, p.size, 10)
  const output = new Float32Array(p.size)
  clamp(p, input, output)
  return expectation('mote_clamp_f32', P.clampParams(p), [input], output, inPlace)
}

/** A scale: a power of two (so that x / scale hits exact .5 ties) or any positive float32. */
function scale(rng: Rng): number {
  return rng.next() < 0.3 ? 2 ** rng.int(-10, 4) : Math.fround(2 ** rng.uniform(-12, 4))
}

/** Quantize inputs: ordinary values, exact ties (k + ½)·scale, ±Infinity, NaN and huge values. */
function quantizeInputs(rng: Rng, size: number, s: number): Float32Array {
  const special = [Infinity, -Infinity, NaN, 3e38, -3e38, 0, -0]
  return Float32Array.from({ length: size }, () => {
    const mode = rng.next()
    if (mode < 0.05) return special[rng.int(0, special.length - 1)]!
    if (mode < 0.3) return (rng.int(-300, 300) + 0.5) * s
    return (rng.next() * 2 - 1) * 300 * s
  })
}

export function quantizeCase(rng: Rng, inPlace?: 'first'): Expected {
  const p = { size: rng.int(1, 200), params: { scale: scale(rng), zeroPoint: D.zeroPoint(rng) } }
  const input = quantizeInputs(rng, p.size, p.params.scale)
  const output = new Int8Array(p.size)
  quantizeFloat(p, input, output)
  return expectation('mote_quantize_f32_s8', P.affineF32Params(p), [input], output, inPlace)
}

export function dequantizeCase(rng: Rng, inPlace?: 'first'): Expected {
  const p = { size: rng.int(1, 200), params: { scale: scale(rng), zeroPoint: D.zeroPoint(rng) } }
  const input = D.int8Array(rng, p.size)
  const output = new Float32Array(p.size)
  dequantizeInt8(p, input, output)
  return expectation('mote_dequantize_s8_f32', P.affineF32Params(p), [input], output, inPlace)
}
