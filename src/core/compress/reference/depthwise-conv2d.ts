/**
 * DEPTHWISE_CONV_2D. The int8 loop is tflite-micro `reference_integer_ops::DepthwiseConvPerChannel`
 * (tensorflow/lite/kernels/internal/reference/integer_ops/depthwise_conv.h), the float loop
 * `reference_ops::DepthwiseConv`. Layouts: input [N, H, W, inC], filter [1, kH, kW, inC·multiplier],
 * output [N, outH, outW, inC·multiplier]; output channel oc = ic·multiplier + m reads input channel ic.
 */
import type { DepthwiseConv2dOp } from '../../model/graph'
import { multiplyByQuantizedMultiplier } from '../quantize/fixed-point'
import { convGeometry, floatActivationRange, type ConvGeometry } from './conv2d'
import type { OpContext } from './op-context'
import { perChannelRequantization, type Requantization } from './requantize'

export interface DepthwiseGeometry extends ConvGeometry {
  readonly depthMultiplier: number
}

function depthwiseGeometry(context: OpContext, op: DepthwiseConv2dOp): DepthwiseGeometry {
  const [one, , , outC] = context.dims4(context.input(1))
  context.check(one === 1, 'expects a filter of shape [1, kH, kW, channels]')
  const geometry = convGeometry(context, op, outC)
  const { depthMultiplier } = op
  context.check(
    depthMultiplier >= 1 && geometry.inC * depthMultiplier === outC,
    `has ${outC} output channels for ${geometry.inC} inputs × depth multiplier ${depthMultiplier}`,
  )
  return { ...geometry, depthMultiplier }
}

export interface DepthwiseConv2dInt8 {
  readonly geometry: DepthwiseGeometry
  readonly requantization: Requantization
  readonly filter: Int8Array
  readonly bias: Int32Array | undefined
}

export function prepareDepthwiseConv2dInt8(context: OpContext, op: DepthwiseConv2dOp): DepthwiseConv2dInt8 {
  const geometry = depthwiseGeometry(context, op)
  const filterTensor = context.input(1)
  const biasTensor = context.optionalInput(2)
  const bias = biasTensor && context.constant(biasTensor, Int32Array)
  context.check(!bias || bias.length === geometry.outC, 'has a bias whose length is not the output depth')
  const input = context.affine(context.input(0))
  const output = context.affine(context.output())
  const requantization = perChannelRequantization(
    context,
    input,
    filterTensor,
    output,
    geometry.outC,
    3,
    op.activation,
  )
  return { geometry, requantization, filter: context.constant(filterTensor, Int8Array), bias }
}

export function depthwiseConv2dInt8(p: DepthwiseConv2dInt8, input: Int8Array, output: Int8Array): void {
  const {
    batches,
    inH,
    inW,
    inC,
    outH,
    outW,
    outC,
    kH,
    kW,
    strideH,
    strideW,
    dilationH,
    dilationW,
    padH,
    padW,
  } = p.geometry
  const { depthMultiplier } = p.geometry
  const { inputOffset, outputOffset, multipliers, shifts, activationMin, activationMax } = p.requantization
  const { filter, bias } = p
  for (let b = 0; b < batches; b++) {
    for (let outY = 0; outY < outH; outY++) {
      for (let outX = 0; outX < outW; outX++) {
        const inXOrigin = outX * strideW - padW
        const inYOrigin = outY * strideH - padH
        for (let ic = 0; ic < inC; ic++) {
          for (let m = 0; m < depthMultiplier; m++) {
            const oc = m + ic * depthMultiplier
            let acc = 0
            for (let fy = 0; fy < kH; fy++) {
              const inY = inYOrigin + dilationH * fy
              if (inY < 0 || inY >= inH) continue
              for (let fx = 0; fx < kW; fx++) {
                const inX = inXOrigin + dilationW * fx
                if (inX < 0 || inX >= inW) continue
                const inputValue = input[((b * inH + inY) * inW + inX) * inC + ic]!
                const filterValue = filter[(fy * kW + fx) * outC + oc]!
                acc = (acc + filterValue * (inputValue + inputOffset)) | 0
              }
            }
            if (bias) acc = (acc + bias[oc]!) | 0
            acc = multiplyByQuantizedMultiplier(acc, multipliers[oc]!, shifts[oc]!) + outputOffset
            output[((b * outH + outY) * outW + outX) * outC + oc] = Math.min(
              activationMax,
              Math.max(activationMin, acc),
            )
          }
        }
      }
    }
  }
}

export interface DepthwiseConv2dFloat {
  readonly geometry: DepthwiseGeometry
  readonly filter: Float32Array
  readonly bias: Float32Array | undefined
  readonly activationMin: number
  readonly activationMax: number
}

export function prepareDepthwiseConv2dFloat(context: OpContext, op: DepthwiseConv2dOp): DepthwiseConv2dFloat {
  const geometry = depthwiseGeometry(context, op)
  const biasTensor = context.optionalInput(2)
  const bias = biasTensor && context.constant(biasTensor, Float32Array)
  const filter = context.constant(context.input(1), Float32Array)
  return { geometry, filter, bias, ...floatActivationRange(op.activation) }
}

export function depthwiseConv2dFloat(
  p: DepthwiseConv2dFloat,
  input: Float32Array,
  output: Float32Array,
): void {
  const {
    batches,
    inH,
    inW,
    inC,
    outH,
    outW,
    outC,
    kH,
    kW,
    strideH,
    strideW,
    dilationH,
    dilationW,
    padH,
    padW,
  } = p.geometry
  const { depthMultiplier } = p.geometry
  const { filter, bias, activationMin, activationMax } = p
  for (let b = 0; b < batches; b++) {
    for (let outY = 0; outY < outH; outY++) {
      for (let outX = 0; outX < outW; outX++) {
        for (let ic = 0; ic < inC; ic++) {
          for (let m = 0; m < depthMultiplier; m++) {
            const oc = m + ic * depthMultiplier
            let acc = 0
            for (let fy = 0; fy < kH; fy++) {
              const inY = outY * strideH - padH + dilationH * fy
              if (inY < 0 || inY >= inH) continue
              for (let fx = 0; fx < kW; fx++) {
                const inX = outX * strideW - padW + dilationW * fx
                if (inX < 0 || inX >= inW) continue
                const product =
                  filter[(fy * kW + fx) * outC + oc]! * input[((b * inH + inY) * inW + inX) * inC + ic]!
                acc = Math.fround(acc + Math.fround(product))
              }
            }
            if (bias) acc = Math.fround(acc + bias[oc]!)
            output[((b * outH + outY) * outW + outX) * outC + oc] = Math.min(
              activationMax,
              Math.max(activationMin, acc),
            )
          }
        }
      }
    }
  }
}
