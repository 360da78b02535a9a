/**
 * CONV_2D. The int8 loop is tflite-micro `reference_integer_ops::ConvPerChannel`
 * (tensorflow/lite/kernels/internal/reference/integer_ops/conv.h), the float loop `reference_ops::Conv`.
 * Layouts: input [N, H, W, inC], filter [outC, kH, kW, inC], bias [outC], output [N, outH, outW, outC].
 * Zero padding is implicit: taps outside the input are skipped. Float kernels round every product and sum
 * to float32, as the C computes without FMA contraction.
 */
import { convOutputSize, type Conv2dOp, type WindowGeometry } from '../../model/graph'
import { multiplyByQuantizedMultiplier } from '../quantize/fixed-point'
import { leadingPadding, type OpContext } from './op-context'
import { perChannelRequantization, type Requantization } from './requantize'

export type ConvGeometry = WindowGeometry

/** Shapes and padding of a conv or depthwise conv, checked against the output tensor's shape. */
export function convGeometry(
  context: OpContext,
  op: Conv2dOp | Omit<Conv2dOp, 'kind'>,
  outC: number,
): ConvGeometry {
  const [batches, inH, inW, inC] = context.dims4(context.input(0))
  const [, kH, kW] = context.dims4(context.input(1))
  const [outN, outH, outW, outDepth] = context.dims4(context.output())
  const { strideH, strideW, dilationH, dilationW, padding } = op
  context.check(outN === batches && outDepth === outC, `has an output of depth ${outDepth}, expected ${outC}`)
  context.check(
    outH === convOutputSize(inH, kH, strideH, dilationH, padding) &&
      outW === convOutputSize(inW, kW, strideW, dilationW, padding),
    `has an output of ${outH}×${outW}, inconsistent with its input, filter, strides and padding`,
  )
  const padH = leadingPadding(padding, strideH, dilationH, inH, kH, outH)
  const padW = leadingPadding(padding, strideW, dilationW, inW, kW, outW)
  return {
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
  }
}

export interface Conv2dInt8 {
  readonly geometry: ConvGeometry
  readonly requantization: Requantization
  readonly filter: Int8Array
  readonly bias: Int32Array | undefined
}

export function prepareConv2dInt8(context: OpContext, op: Conv2dOp): Conv2dInt8 {
  const filterTensor = context.input(1)
  const [outC, , , filterC] = context.dims4(filterTensor)
  const geometry = convGeometry(context, op, outC)
  context.check(filterC === geometry.inC, `has filter depth ${filterC} for ${geometry.inC} input channels`)
  const biasTensor = context.optionalInput(2)
  const bias = biasTensor && context.constant(biasTensor, Int32Array)
  context.check(!bias || bias.length === outC, 'has a bias whose length is not the output depth')
  const input = context.affine(context.input(0))
  const output = context.affine(context.output())
  const requantization = perChannelRequantization(
    context,
    input,
    filterTensor,
    output,
    outC,
    0,
    op.activation,
  )
  return { geometry, requantization, filter: context.constant(filterTensor, Int8Array), bias }
}

export function conv2dInt8(p: Conv2dInt8, input: Int8Array, output: Int8Array): void {
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
  const { inputOffset, outputOffset, multipliers, shifts, activationMin, activationMax } = p.requantization
  const { filter, bias } = p
  for (let b = 0; b < batches; b++) {
    for (let outY = 0; outY < outH; outY++) {
      const inYOrigin = outY * strideH - padH
      for (let outX = 0; outX < outW; outX++) {
        const inXOrigin = outX * strideW - padW
        const outBase = ((b * outH + outY) * outW + outX) * outC
        for (let oc = 0; oc < outC; oc++) {
          let acc = 0
          for (let fy = 0; fy < kH; fy++) {
            const inY = inYOrigin + dilationH * fy
            if (inY < 0 || inY >= inH) continue
            for (let fx = 0; fx < kW; fx++) {
              const inX = inXOrigin + dilationW * fx
              if (inX < 0 || inX >= inW) continue
              const inBase = ((b * inH + inY) * inW + inX) * inC
              const filterBase = ((oc * kH + fy) * kW + fx) * inC
              for (let ic = 0; ic < inC; ic++) {
                // int32 accumulation, wrapping like the C (never reached by real models).
                acc = (acc + filter[filterBase + ic]! * (input[inBase + ic]! + inputOffset)) | 0
              }
            }
          }
          if (bias) acc = (acc + bias[oc]!) | 0
          acc = multiplyByQuantizedMultiplier(acc, multipliers[oc]!, shifts[oc]!) + outputOffset
          output[outBase + oc] = Math.min(activationMax, Math.max(activationMin, acc))
        }
      }
    }
  }
}

export interface Conv2dFloat {
  readonly geometry: ConvGeometry
  readonly filter: Float32Array
  readonly bias: Float32Array | undefined
  readonly activationMin: number
  readonly activationMax: number
}

export function prepareConv2dFloat(context: OpContext, op: Conv2dOp): Conv2dFloat {
  const filterTensor = context.input(1)
  const [outC, , , filterC] = context.dims4(filterTensor)
  const geometry = convGeometry(context, op, outC)
  context.check(filterC === geometry.inC, `has filter depth ${filterC} for ${geometry.inC} input channels`)
  const biasTensor = context.optionalInput(2)
  const bias = biasTensor && context.constant(biasTensor, Float32Array)
  return {
    geometry,
    filter: context.constant(filterTensor, Float32Array),
    bias,
    ...floatActivationRange(op.activation),
  }
}

export function conv2dFloat(p: Conv2dFloat, input: Float32Array, output: Float32Array): void {
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
  const { filter, bias, activationMin, activationMax } = p
  for (let b = 0; b < batches; b++) {
    for (let outY = 0; outY < outH; outY++) {
      for (let outX = 0; outX < outW; outX++) {
        const outBase = ((b * outH + outY) * outW + outX) * outC
        for (let oc = 0; oc < outC; oc++) {
          let acc = 0
          for (let fy = 0; fy < kH; fy++) {
            const inY = outY * strideH - padH + dilationH * fy
            if (inY < 0 || inY >= inH) continue
            for (let fx = 0; fx < kW; fx++) {
              const inX = outX * strideW - padW + dilationW * fx
              if (inX < 0 || inX >= inW) continue
              const inBase = ((b * inH + inY) * inW + inX) * inC
              const filterBase = ((oc * kH + fy) * kW + fx) * inC
              for (let ic = 0; ic < inC; ic++) {
                acc = Math.fround(acc + Math.fround(filter[filterBase + ic]! * input[inBase + ic]!))
              }
            }
          }
          if (bias) acc = Math.fround(acc + bias[oc]!)
          output[outBase + oc] = Math.min(activationMax, Math.max(activationMin, acc))
        }
      }
    }
  }
}

/** tflite `CalculateActivationRange` for float kernels. */
export function floatActivationRange(activation: 'none' | 'relu' | 'relu6') {
  if (activation === 'relu') return { activationMin: 0, activationMax: Infinity }
  if (activation === 'relu6') return { activationMin: 0, activationMax: 6 }
  return { activationMin: -Infinity, activationMax: Infinity }
}
