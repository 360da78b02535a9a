/**
 * kernel-calls.ts / kernel-params.ts: which C runtime kernel runs each graph op, and the params struct values
 * it gets (the runtime's bit-exactness on these values is tested in test/core/codegen/c-runtime).
 */
import { describe, expect, it } from 'vitest'
import { kernelCall, kernelCalls } from '../../../../src/core/codegen/c/kernel-calls'
import { CodegenErrorCode } from '../../../../src/shared/api/codegen'
import { requantOf } from '../../../../src/core/codegen/c/kernel-params'
import { calibrate } from '../../../../src/core/compress/ptq/calibrate'
import { quantizeGraph } from '../../../../src/core/compress/ptq/quantize-graph'
import { quantizeMultiplier } from '../../../../src/core/compress/quantize/quantize-multiplier'
import type { ModelGraph, Quantization, Tensor } from '../../../../src/core/model/graph'
import { fixtureInputs, smallFloatGraph } from '../../compress/ptq/float-graph-fixture'
import { activation, constant, q, singleOpGraph } from '../../compress/reference/graph-fixtures'
import { codeOf } from '../../../fixtures/failures'

const KERNELS_OF_THE_SMALL_GRAPH = [
  'conv2d',
  'depthwise_conv2d',
  'max_pool2d',
  'conv2d',
  'add',
  'average_pool2d',
  'reshape',
  'fully_connected',
  'fully_connected',
  'softmax',
]

function unary(
  kind: 'relu' | 'relu6' | 'quantize' | 'dequantize',
  from: Tensor['dtype'],
  to: Tensor['dtype'],
  qIn?: Quantization,
  qOut?: Quantization,
): ModelGraph {
  return singleOpGraph([activation('x', [1, 6], from, qIn), activation('y', [1, 6], to, qOut)], {
    kind,
    inputs: [0],
  })
}

describe('kernel calls for a graph', () => {
  const float = smallFloatGraph()
  const int8 = quantizeGraph(float, calibrate(float, fixtureInputs(8)))

  it('runs every op of a float graph with its float kernel and the op’s own tensors', () => {
    const calls = kernelCalls(float)
    expect(calls.map((c) => c.kernel)).toEqual(
      KERNELS_OF_THE_SMALL_GRAPH.map((k) => (k === 'reshape' ? 'mote_reshape' : `mote_${k}_f32`)),
    )
    calls.forEach((call, i) => {
      const op = float.ops[i]!
      expect(call.output).toBe(op.outputs[0])
      expect(call.inputs[0]).toBe(op.inputs[0])
    })
    expect(calls[0]!.inputs).toEqual(float.ops[0]!.inputs)
  })

  it('runs the int8 version with int8 kernels and TFLite’s per-channel conv multipliers', () => {
    const calls = kernelCalls(int8)
    expect(calls.map((c) => c.kernel)).toEqual(
      KERNELS_OF_THE_SMALL_GRAPH.map((k) => (k === 'reshape' ? 'mote_reshape' : `mote_${k}_s8`)),
    )
    const conv = calls[0]!
    if (conv.kernel !== 'mote_conv2d_s8') throw new Error('expected a conv')
    const [input, filter, output] = [int8.tensors[0]!, int8.tensors[1]!, int8.tensors[conv.output]!]
    const expected = quantizeMultiplier(
      (input.quantization!.scale[0]! * filter.quantization!.scale[2]!) / output.quantization!.scale[0]!,
    )
    expect(conv.params.requant.per_channel).toBe(1)
    expect(conv.params.requant.multipliers).toHaveLength(6)
    expect([conv.params.requant.multipliers[2], conv.params.requant.shifts[2]]).toEqual([
      expected.multiplier,
      expected.shift,
    ])
    expect(conv.params.requant.input_offset).toBe(-input.quantization!.zeroPoint[0]!)
  })

  it('gives a per-tensor fully connected layer one multiplier and shift, not one per unit', () => {
    const dense = kernelCalls(int8)[7]!
    if (dense.kernel !== 'mote_fully_connected_s8') throw new Error('expected a dense layer')
    expect(dense.params.requant.per_channel).toBe(0)
    expect(dense.params.requant.multipliers).toHaveLength(1)
    expect(dense.params.requant.shifts).toHaveLength(1)
  })

  it('describes a SAME convolution’s geometry with TFLite’s leading padding', () => {
    const conv = kernelCall(float, 0)
    if (conv.kernel !== 'mote_conv2d_f32') throw new Error('expected a conv')
    expect(conv.params.window).toMatchObject({
      input_h: 8,
      output_h: 8,
      filter_h: 3,
      pad_top: 1,
      pad_left: 1,
      stride_h: 1,
    })
    expect([conv.params.activation_min, conv.params.activation_max]).toEqual([0, Infinity])
  })

  it('gives reshape the byte count of its tensor', () => {
    expect(kernelCall(float, 6)).toMatchObject({ kernel: 'mote_reshape', params: { bytes: 96 } })
    expect(kernelCall(int8, 6)).toMatchObject({ kernel: 'mote_reshape', params: { bytes: 24 } })
  })

  it('maps standalone activations and conversions to requantize, clamp, quantize and dequantize', () => {
    expect(kernelCall(unary('relu', 'int8', 'int8', q(0.1, 3), q(0.05, -5)), 0)).toMatchObject({
      kernel: 'mote_requantize_s8',
      params: {
        size: 6,
        input_zero_point: 3,
        output_zero_point: -5,
        activation_min: -5,
        activation_max: 127,
      },
    })
    expect(kernelCall(unary('relu6', 'int8', 'int8', q(0.1, 3), q(0.1, 3)), 0)).toMatchObject({
      kernel: 'mote_clamp_s8',
      params: { activation_min: 3, activation_max: 63 },
    })
    expect(kernelCall(unary('quantize', 'int8', 'int8', q(1, 0), q(2, 1)), 0)).toMatchObject({
      kernel: 'mote_requantize_s8',
      params: { multiplier: 1 << 30, shift: 0, activation_min: -128 },
    })
    expect(kernelCall(unary('quantize', 'float32', 'int8', undefined, q(0.5, 3)), 0)).toMatchObject({
      kernel: 'mote_quantize_f32_s8',
      params: { size: 6, scale: 0.5, zero_point: 3 },
    })
    expect(kernelCall(unary('dequantize', 'int8', 'float32', q(0.25, -2)), 0)).toMatchObject({
      kernel: 'mote_dequantize_s8_f32',
      params: { scale: 0.25, zero_point: -2 },
    })
    expect(kernelCall(unary('relu6', 'float32', 'float32'), 0)).toMatchObject({
      kernel: 'mote_clamp_f32',
      params: { activation_min: 0, activation_max: 6 },
    })
  })

  it('refuses an op the runtime has no kernel for, naming it', async () => {
    const graph = singleOpGraph(
      [
        activation('x', [1, 4], 'int16'),
        constant('w', [2, 4], new Int8Array(8)),
        activation('y', [1, 2], 'int16'),
      ],
      { kind: 'fullyConnected', inputs: [0, 1, -1], activation: 'none' },
    )
    expect(await codeOf((async () => kernelCall(graph, 0))())).toBe(CodegenErrorCode.CKernelUnsupported)
  })

  it('refuses a requantization shift the C arithmetic cannot take', async () => {
    const requantization = {
      inputOffset: 0,
      outputOffset: 0,
      multipliers: Int32Array.from([1 << 30]),
      shifts: Int32Array.from([31]),
      activationMin: -128,
      activationMax: 127,
    }
    expect(await codeOf((async () => requantOf(requantization))())).toBe(
      CodegenErrorCode.CKernelParameterOutOfRange,
    )
  })
})
