/**
 * Random cases for the code generator's kernels (mote_kernels_gen_s8.h), drawn like the c-runtime tests'
 * portable-kernel cases (test/core/codegen/c-runtime/random-draws.ts: shapes, strides, dilation, padding at
 * every edge, extreme zero points, multipliers and shifts). Each case holds the portable kernel's call
 * (original bias, output in a buffer of its own), the generated kernel's call — folded bias, the output
 * placed over the input at a random or planned offset with the ring src/core/model/in-place.ts computes, or
 * the weights Huffman-coded — and the TypeScript reference's bytes.
 */
import { blockSums, foldBias, interleavedSums } from '../../../../src/core/codegen/c/fold-bias'
import * as P from '../../../../src/core/codegen/c/kernel-params'
import { conv2dInt8, type ConvGeometry } from '../../../../src/core/compress/reference/conv2d'
import { depthwiseConv2dInt8 } from '../../../../src/core/compress/reference/depthwise-conv2d'
import { fullyConnectedInt8 } from '../../../../src/core/compress/reference/fully-connected'
import { huffmanEncode } from '../../../../src/core/compress/huffman/huffman'
import {
  bestStreamPlacement,
  inputBytesOf,
  outputBytesOf,
  streamRingPixels,
  type StreamGeometry,
} from '../../../../src/core/model/in-place'
import type { Rng } from '../../../../src/core/train/random'
import * as D from '../c-runtime/random-draws'
import { paramWords, type KernelCase, type RawKernelCase } from '../c-runtime/wire'

export interface GeneratedCase {
  /** The portable kernel's case (original bias, output in its own buffer). */
  readonly portable: KernelCase
  readonly generated: RawKernelCase
  readonly expected: Uint8Array
  /** The ring the placement needs (0 when disjoint) and the ring the call passes. */
  readonly ringNeeded: number
  readonly ringPassed: number
}

/** Output in its own buffer; at the planner's offset; at the input's start; anywhere overlapping. */
export type Placement = 'disjoint' | 'planned' | 'start' | 'random'

const bytes = (a: Int8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)

/** [overlapping, delta, ring needed] of a placement. */
function placementWords(rng: Rng, g: StreamGeometry, placement: Placement): number[] {
  if (placement === 'disjoint') return [0, 0, 0]
  const delta =
    placement === 'planned'
      ? bestStreamPlacement(g).delta
      : placement === 'start'
        ? 0
        : rng.int(-outputBytesOf(g) + 1, inputBytesOf(g) - 1)
  return [1, delta, streamRingPixels(g, delta)]
}

export interface Coded {
  readonly weights: Int8Array
  readonly block: Uint8Array
  readonly codebook: Int8Array
}

/** Weights with few distinct values (as after clustering), Huffman-coded as docs/model-format.md says. */
export function codedWeights(rng: Rng, length: number): Coded {
  const codebook = Int8Array.from(new Set(D.int8Array(rng, rng.int(1, 16)))).sort()
  // Skewed index frequencies, so that the code lengths differ.
  const indices = Uint8Array.from({ length }, () =>
    Math.min(codebook.length - 1, Math.floor(codebook.length * rng.next() ** 2)),
  )
  return { weights: Int8Array.from(indices, (i) => codebook[i]!), block: huffmanEncode(indices), codebook }
}

function optionalBias(rng: Rng, length: number): Int32Array | undefined {
  return rng.next() < 0.15 ? undefined : D.int32Array(rng, length, 1 << 16)
}

interface Drawn {
  readonly portable: KernelCase
  readonly expected: Uint8Array
  readonly filter: Int8Array
  readonly folded: Int32Array
  readonly geometry?: StreamGeometry
  readonly coded?: Coded
}

/** The portable kernel's case for drawn tensors, and the folded bias of their weights' per-channel sums. */
function drawnOf(
  kernel: KernelCase['kernel'],
  params: { readonly requant: P.MoteRequant },
  t: { input: Int8Array; weights: Int8Array; bias: Int32Array | undefined; output: Int8Array },
  sums: Int32Array,
  extra: { geometry?: StreamGeometry; coded?: Coded | undefined },
): Drawn {
  const r = params.requant
  return {
    portable: {
      kernel,
      params,
      buffers: [t.input, t.weights, t.bias, r.multipliers, r.shifts],
      outputBytes: t.output.length,
    },
    expected: bytes(t.output),
    filter: t.weights,
    folded: foldBias(sums, t.bias, r.input_offset),
    ...(extra.geometry ? { geometry: extra.geometry } : {}),
    ...(extra.coded ? { coded: extra.coded } : {}),
  }
}

function assemble(
  rng: Rng,
  kernel: string,
  drawn: Drawn,
  placement: Placement,
  ringAdjust: number,
): GeneratedCase {
  const { portable, coded, geometry } = drawn
  const [input, , , multipliers, shifts] = portable.buffers
  const [overlapping = 0, delta = 0, needed = 0] = geometry ? placementWords(rng, geometry, placement) : []
  const passed = Math.max(0, needed + ringAdjust)
  return {
    portable,
    generated: {
      kernel,
      words: Int32Array.from([...paramWords(portable.kernel, portable.params), overlapping, delta, passed]),
      buffers: [
        input,
        coded?.block ?? drawn.filter,
        drawn.folded,
        multipliers,
        shifts,
        ...(coded ? [coded.codebook] : []),
      ],
      outputBytes: portable.outputBytes,
    },
    expected: drawn.expected,
    ringNeeded: needed,
    ringPassed: passed,
  }
}

function drawConv(rng: Rng, geometry: ConvGeometry, coded: boolean): Drawn {
  const length = geometry.outC * geometry.kH * geometry.kW * geometry.inC
  const codes = coded ? codedWeights(rng, length) : undefined
  const p = {
    geometry,
    requantization: D.requantization(rng, geometry.outC),
    filter: codes?.weights ?? D.int8Array(rng, length),
    bias: optionalBias(rng, geometry.outC),
  }
  const input = D.int8Array(rng, D.inputCount(geometry))
  const output = new Int8Array(D.outputCount(geometry))
  conv2dInt8(p, input, output)
  const tensors = { input, weights: p.filter, bias: p.bias, output }
  const sums = blockSums(p.filter, geometry.outC)
  return drawnOf('mote_conv2d_s8', P.conv2dS8Params(p), tensors, sums, { geometry, coded: codes })
}

/** The largest channel count drawn (optimized kernels are tested on wider layers than the defaults). */
export interface CaseScale {
  readonly maxChannels?: number
}

/** A 1×1, unpadded geometry with any stride. */
function pointwiseGeometry(rng: Rng, scale: CaseScale): ConvGeometry {
  const maxChannels = scale.maxChannels ?? 8
  const g = D.windowGeometry(rng, { maxSize: 9, maxChannels, maxFilter: 1, dilation: false })
  const out = (size: number, stride: number) => Math.floor((size - 1) / stride) + 1
  return { ...g, padH: 0, padW: 0, outH: out(g.inH, g.strideH), outW: out(g.inW, g.strideW) }
}

export type ConvKernel =
  | 'mote_conv2d_1x1_s8'
  | 'mote_conv2d_patch_s8'
  | 'mote_conv2d_huffman_s8'
  | 'mote_conv2d_1x1_huffman_s8'
  | 'mote_conv2d_patch_huffman_s8'

export function convCase(
  rng: Rng,
  kernel: ConvKernel,
  placement: Placement,
  ringAdjust = 0,
  scale: CaseScale = {},
): GeneratedCase {
  const maxChannels = scale.maxChannels ?? 6
  const geometry = kernel.startsWith('mote_conv2d_1x1')
    ? pointwiseGeometry(rng, scale)
    : D.windowGeometry(rng, { maxSize: 9, maxChannels, maxFilter: 4, dilation: true })
  const drawn = drawConv(rng, geometry, kernel.includes('huffman'))
  return assemble(rng, kernel, drawn, placement, ringAdjust)
}

export type DepthwiseKernel =
  'mote_depthwise_conv2d_stream_s8' | 'mote_depthwise_conv2d_3x3_s8' | 'mote_depthwise_conv2d_huffman_s8'

function depthwiseGeometry(rng: Rng, kernel: DepthwiseKernel, scale: CaseScale) {
  const depthMultiplier = D.edgy(rng, 1, 4, [1], 0.5)
  const limits = { maxSize: 10, maxChannels: scale.maxChannels ?? 6, maxFilter: 5, dilation: true }
  let base = D.windowGeometry(rng, limits)
  while (base.kH * base.kW > 25) base = D.windowGeometry(rng, limits)
  if (kernel === 'mote_depthwise_conv2d_3x3_s8') {
    const axis = (size: number, stride: number, dilation: number) => {
      const pad = rng.int(0, 2 * dilation)
      return { pad, out: Math.max(1, Math.floor((size + 2 * pad - 2 * dilation - 1) / stride) + 1) }
    }
    const h = axis(base.inH, base.strideH, base.dilationH)
    const w = axis(base.inW, base.strideW, base.dilationW)
    base = { ...base, kH: 3, kW: 3, padH: h.pad, padW: w.pad, outH: h.out, outW: w.out }
  }
  return { ...base, outC: base.inC * depthMultiplier, depthMultiplier }
}

export function depthwiseCase(
  rng: Rng,
  kernel: DepthwiseKernel,
  placement: Placement,
  ringAdjust = 0,
  scale: CaseScale = {},
): GeneratedCase {
  const geometry = depthwiseGeometry(rng, kernel, scale)
  const length = geometry.kH * geometry.kW * geometry.outC
  const coded = kernel === 'mote_depthwise_conv2d_huffman_s8' ? codedWeights(rng, length) : undefined
  const p = {
    geometry,
    requantization: D.requantization(rng, geometry.outC),
    filter: coded?.weights ?? D.int8Array(rng, length),
    bias: optionalBias(rng, geometry.outC),
  }
  const input = D.int8Array(rng, D.inputCount(geometry))
  const output = new Int8Array(D.outputCount(geometry))
  depthwiseConv2dInt8(p, input, output)
  const tensors = { input, weights: p.filter, bias: p.bias, output }
  const sums = interleavedSums(p.filter, geometry.outC)
  const drawn = drawnOf('mote_depthwise_conv2d_s8', P.depthwiseConv2dS8Params(p), tensors, sums, {
    geometry,
    coded,
  })
  return assemble(rng, kernel, drawn, placement, ringAdjust)
}

/** A dense layer; `table` lends the Huffman kernel's decoder its look-up table. */
export function fullyConnectedCase(
  rng: Rng,
  huffman: boolean,
  table = false,
  scale: CaseScale = {},
): GeneratedCase {
  const geometry = {
    batches: D.edgy(rng, 1, 3, [1], 0.6),
    depth: rng.int(1, 160),
    units: rng.int(1, scale.maxChannels ?? 16),
  }
  const coded = huffman ? codedWeights(rng, geometry.units * geometry.depth) : undefined
  const p = {
    geometry,
    requantization: D.requantization(rng, geometry.units),
    weights: coded?.weights ?? D.int8Array(rng, geometry.units * geometry.depth),
    bias: optionalBias(rng, geometry.units),
  }
  const input = D.int8Array(rng, geometry.batches * geometry.depth)
  const output = new Int8Array(geometry.batches * geometry.units)
  fullyConnectedInt8(p, input, output)
  const tensors = { input, weights: p.weights, bias: p.bias, output }
  const sums = blockSums(p.weights, geometry.units)
  const drawn = drawnOf('mote_fully_connected_s8', P.fullyConnectedS8Params(p), tensors, sums, { coded })
  const kernel = huffman ? 'mote_fully_connected_huffman_s8' : 'mote_fully_connected_folded_s8'
  const assembled = assemble(rng, kernel, drawn, 'disjoint', 0)
  const words = Int32Array.from(assembled.generated.words)
  words[words.length - 1] = table ? 1 : 0
  return { ...assembled, generated: { ...assembled.generated, words } }
}
