/**
 * SOFTMAX over the last axis.
 *
 * int8 → int8 is what TFLM runs today (tensorflow/lite/micro/kernels/softmax.cc `SoftmaxQuantized` calls
 * `tflite::reference_ops::Softmax<int8_t, int8_t>` from tensorflow/lite/kernels/internal/reference/softmax.h;
 * the LUT-based path is only for int16 inputs). That is gemmlowp's fixed-point path: input differences
 * from the row maximum are scaled to Q5.26 (`PreprocessSoftmaxScaling`, kScaledDiffIntegerBits = 5),
 * exponentiated with `exp_on_negative_values`, summed in Q12.19, inverted with `GetReciprocal`, and the
 * output is exp · (1/sum) rounded to 2^-8 steps, offset by −128. Differences below `diff_min` give −128.
 * TFLM requires the int8 output scale to be exactly 1/256 and its zero point −128.
 */
import type { SoftmaxOp } from '../../model/graph'
import { roundingDivideByPOT, saturatingRoundingDoublingHighMul } from '../quantize/fixed-point'
import { expOnNegativeValues, getReciprocal } from '../quantize/fixed-point-math'
import { calculateInputRadius, preprocessSoftmaxScaling } from '../quantize/quantize-multiplier'
import { elementCount, type OpContext } from './op-context'

const SCALED_DIFF_INTEGER_BITS = 5
const ACCUMULATION_INTEGER_BITS = 12

export interface SoftmaxInt8 {
  readonly outer: number
  readonly depth: number
  readonly inputMultiplier: number
  readonly inputLeftShift: number
  readonly diffMin: number
}

function rows(context: OpContext): { outer: number; depth: number } {
  const input = context.input(0)
  const shape = context.output().shape
  context.check(input.shape.join(',') === shape.join(','), 'needs an output of its input shape')
  const depth = shape[shape.length - 1] ?? 0
  context.check(depth > 0, 'needs a non-empty last axis')
  return { outer: elementCount(shape) / depth, depth }
}

export function prepareSoftmaxInt8(context: OpContext, op: SoftmaxOp): SoftmaxInt8 {
  const input = context.affine(context.input(0))
  const output = context.affine(context.output())
  context.check(
    output.scale === 1 / 256 && output.zeroPoint === -128,
    `needs the int8 output scale 1/256 and zero point −128 (has ${output.scale} and ${output.zeroPoint})`,
  )
  const beta = Math.fround(op.beta)
  context.check(beta * input.scale * 2 ** 26 > 1, 'has beta · input scale too small for the fixed-point path')
  const { multiplier, shift } = preprocessSoftmaxScaling(beta, input.scale, SCALED_DIFF_INTEGER_BITS)
  const diffMin = -calculateInputRadius(SCALED_DIFF_INTEGER_BITS, shift)
  return { ...rows(context), inputMultiplier: multiplier, inputLeftShift: shift, diffMin }
}

/** exp(beta · scale · diff) in Q0.31 for an input difference diff ≤ 0 (already checked ≥ diffMin). */
function expOfDifference(p: SoftmaxInt8, diff: number): number {
  // MultiplyByQuantizedMultiplierGreaterThanOne (double rounding): SRDHM(diff · 2^leftShift, multiplier).
  const rescaled = saturatingRoundingDoublingHighMul(
    Math.imul(diff, 1 << p.inputLeftShift),
    p.inputMultiplier,
  )
  return expOnNegativeValues(rescaled, SCALED_DIFF_INTEGER_BITS)
}

export function softmaxInt8(p: SoftmaxInt8, input: Int8Array, output: Int8Array): void {
  const { outer, depth, diffMin } = p
  for (let i = 0; i < outer; i++) {
    const row = i * depth
    let maxInRow = -128
    for (let c = 0; c < depth; c++) maxInRow = Math.max(maxInRow, input[row + c]!)

    let sumOfExps = 0 // Q12.19
    for (let c = 0; c < depth; c++) {
      const diff = input[row + c]! - maxInRow
      if (diff >= diffMin) {
        // Rescale<12> of a Q0.31 value: a rounding right shift by 12.
        sumOfExps = (sumOfExps + roundingDivideByPOT(expOfDifference(p, diff), ACCUMULATION_INTEGER_BITS)) | 0
      }
    }

    const { scale: shiftedScale, numBitsOverUnit } = getReciprocal(sumOfExps, ACCUMULATION_INTEGER_BITS)
    const exponent = numBitsOverUnit + 31 - 8
    for (let c = 0; c < depth; c++) {
      const diff = input[row + c]! - maxInRow
      if (diff >= diffMin) {
        const expIn0 = expOfDifference(p, diff)
        const unsaturated = roundingDivideByPOT(
          saturatingRoundingDoublingHighMul(shiftedScale, expIn0),
          exponent,
        )
        output[row + c] = Math.min(127, Math.max(-128, unsaturated - 128))
      } else {
        output[row + c] = -128
      }
    }
  }
}

export interface SoftmaxFloat {
  readonly outer: number
  readonly depth: number
  readonly beta: number
}

export function prepareSoftmaxFloat(context: OpContext, op: SoftmaxOp): SoftmaxFloat {
  return { ...rows(context), beta: Math.fround(op.beta) }
}

/** `reference_ops::Softmax` (float): exp((x − max) · beta) / Σ, in float32 steps (exp via Math.exp). */
export function softmaxFloat(p: SoftmaxFloat, input: Float32Array, output: Float32Array): void {
  for (let i = 0; i < p.outer; i++) {
    const row = i * p.depth
    let max = -Infinity
    for (let c = 0; c < p.depth; c++) max = Math.max(max, input[row + c]!)
    let sum = 0
    for (let c = 0; c < p.depth; c++) {
      const e = Math.fround(Math.exp(Math.fround(Math.fround(input[row + c]! - max) * p.beta)))
      output[row + c] = e
      sum = Math.fround(sum + e)
    }
    for (let c = 0; c < p.depth; c++) output[row + c] = Math.fround(output[row + c]! / sum)
  }
}
