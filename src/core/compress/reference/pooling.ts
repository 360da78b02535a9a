/**
 * AVERAGE_POOL_2D and MAX_POOL_2D. The int8 loops are tflite-micro `reference_integer_ops::AveragePool` and
 * `MaxPool` (tensorflow/lite/kernels/internal/reference/integer_ops/pooling.h): the window is clipped to
 * the input (padding contributes nothing and is not counted), the int8 average is rounded half away from
 * zero with integer division, and the result is clamped to the fused activation's range. The kernels do
 * not requantize: the converter gives a pooling output its input's quantization, and we require it.
 */
import { convOutputSize, type Pool2dOp } from '../../model/graph'
import { activationRangeInt8, INT8_MIN } from '../quantize/params'
import { floatActivationRange } from './conv2d'
import { leadingPadding, type OpContext } from './op-context'

export interface PoolGeometry {
  readonly batches: number
  readonly inH: number
  readonly inW: number
  readonly channels: number
  readonly outH: number
  readonly outW: number
  readonly filterH: number
  readonly filterW: number
  readonly strideH: number
  readonly strideW: number
  readonly padH: number
  readonly padW: number
}

export interface Pool2d {
  readonly average: boolean
  readonly geometry: PoolGeometry
  readonly activationMin: number
  readonly activationMax: number
}

function poolGeometry(context: OpContext, op: Pool2dOp): PoolGeometry {
  const [batches, inH, inW, channels] = context.dims4(context.input(0))
  const [outN, outH, outW, outC] = context.dims4(context.output())
  const { filterH, filterW, strideH, strideW, padding } = op
  context.check(
    outN === batches && outC === channels,
    'has an output whose batch or depth differs from its input',
  )
  context.check(
    outH === convOutputSize(inH, filterH, strideH, 1, padding) &&
      outW === convOutputSize(inW, filterW, strideW, 1, padding),
    `has an output of ${outH}×${outW}, inconsistent with its input, window, strides and padding`,
  )
  const padH = leadingPadding(padding, strideH, 1, inH, filterH, outH)
  const padW = leadingPadding(padding, strideW, 1, inW, filterW, outW)
  return { batches, inH, inW, channels, outH, outW, filterH, filterW, strideH, strideW, padH, padW }
}

export function preparePool2dInt8(context: OpContext, op: Pool2dOp): Pool2d {
  const input = context.affine(context.input(0))
  const output = context.affine(context.output())
  context.check(
    input.scale === output.scale && input.zeroPoint === output.zeroPoint,
    'needs the same quantization on its input and output (the int8 kernel does not requantize)',
  )
  const range = activationRangeInt8(op.activation, output)
  const average = op.kind === 'averagePool2d'
  return { average, geometry: poolGeometry(context, op), activationMin: range.min, activationMax: range.max }
}

export function preparePool2dFloat(context: OpContext, op: Pool2dOp): Pool2d {
  const average = op.kind === 'averagePool2d'
  return { average, geometry: poolGeometry(context, op), ...floatActivationRange(op.activation) }
}

/** Pools one window per output element; `int8` selects TFLM's integer average, else float32 arithmetic. */
export function pool2d(p: Pool2d, input: Int8Array | Float32Array, output: Int8Array | Float32Array): void {
  const { batches, inH, inW, channels, outH, outW, filterH, filterW, strideH, strideW, padH, padW } =
    p.geometry
  const int8 = input instanceof Int8Array
  for (let b = 0; b < batches; b++) {
    for (let outY = 0; outY < outH; outY++) {
      for (let outX = 0; outX < outW; outX++) {
        const inXOrigin = outX * strideW - padW
        const inYOrigin = outY * strideH - padH
        // The window clipped to the input.
        const xStart = Math.max(0, -inXOrigin)
        const xEnd = Math.min(filterW, inW - inXOrigin)
        const yStart = Math.max(0, -inYOrigin)
        const yEnd = Math.min(filterH, inH - inYOrigin)
        for (let c = 0; c < channels; c++) {
          let acc = p.average ? 0 : int8 ? INT8_MIN : -Infinity
          let count = 0
          for (let fy = yStart; fy < yEnd; fy++) {
            for (let fx = xStart; fx < xEnd; fx++) {
              const value = input[((b * inH + inYOrigin + fy) * inW + inXOrigin + fx) * channels + c]!
              acc = p.average ? (int8 ? acc + value : Math.fround(acc + value)) : Math.max(acc, value)
              count++
            }
          }
          if (p.average) acc = int8 ? roundedAverage(acc, count) : Math.fround(acc / count)
          output[((b * outH + outY) * outW + outX) * channels + c] = Math.min(
            p.activationMax,
            Math.max(p.activationMin, acc),
          )
        }
      }
    }
  }
}

/**
 * TFLM's int8 average: (acc ± count/2) / count with C's truncating division, i.e. rounding half away from
 * zero. A window entirely in the padding (count 0) makes TFLM's kernel fail; windows of TFLite's own
 * SAME/VALID geometry always overlap the input.
 */
export function roundedAverage(acc: number, count: number): number {
  const half = Math.trunc(count / 2)
  return Math.trunc(acc > 0 ? (acc + half) / count : (acc - half) / count) | 0
}
