/**
 * The parameter structs of the C runtime's kernels (resources/firmware/runtime/include/mote_kernels_*.h),
 * mirrored field for field with the C names, and their values computed from the reference interpreter's
 * prepared kernels, so that the C gets exactly the multipliers, shifts, paddings and clamp ranges that the
 * TypeScript reference (and TFLite Micro) use. Pure data: the code generator prints these as C initializers;
 * the runtime's tests send them to a host-compiled harness.
 *
 * Arrays (`multipliers`, `shifts`) are weight memory in C: the generator emits them as const arrays.
 * Float activation bounds may be ±Infinity (C: ±INFINITY).
 */
import type { Conv2dFloat, Conv2dInt8, ConvGeometry } from '../../compress/reference/conv2d'
import type { DepthwiseConv2dFloat, DepthwiseConv2dInt8 } from '../../compress/reference/depthwise-conv2d'
import type { AffineConvert, Clamp, RequantizeInt8 } from '../../compress/reference/elementwise'
import type { FullyConnectedFloat, FullyConnectedInt8 } from '../../compress/reference/fully-connected'
import type { Pool2d } from '../../compress/reference/pooling'
import type { Requantization } from '../../compress/reference/requantize'
import type { SoftmaxFloat, SoftmaxInt8 } from '../../compress/reference/softmax'
import type { AddFloat, AddInt8 } from '../../compress/reference/add'
import { parameterOutOfRange } from './errors'

/** `mote_window_t`. */
export interface MoteWindow {
  readonly batches: number
  readonly input_h: number
  readonly input_w: number
  readonly input_c: number
  readonly output_h: number
  readonly output_w: number
  readonly output_c: number
  readonly filter_h: number
  readonly filter_w: number
  readonly stride_h: number
  readonly stride_w: number
  readonly dilation_h: number
  readonly dilation_w: number
  readonly pad_top: number
  readonly pad_left: number
}

/** `mote_requant_t`: one multiplier/shift for the tensor (per_channel 0) or one per output channel. */
export interface MoteRequant {
  readonly input_offset: number
  readonly output_offset: number
  readonly activation_min: number
  readonly activation_max: number
  readonly per_channel: 0 | 1
  readonly multipliers: Int32Array
  readonly shifts: Int8Array
}

export interface ActivationRange {
  readonly activation_min: number
  readonly activation_max: number
}

export interface Conv2dS8Params {
  readonly window: MoteWindow
  readonly requant: MoteRequant
}
export interface DepthwiseConv2dS8Params extends Conv2dS8Params {
  readonly depth_multiplier: number
}
export interface FullyConnectedS8Params {
  readonly batches: number
  readonly depth: number
  readonly units: number
  readonly requant: MoteRequant
}
/** `mote_pool2d_s8_params_t` and `mote_pool2d_f32_params_t`. */
export interface Pool2dParams extends ActivationRange {
  readonly window: MoteWindow
}
export interface AddS8Params extends ActivationRange {
  readonly size: number
  readonly left_shift: number
  readonly input1_offset: number
  readonly input1_multiplier: number
  readonly input1_shift: number
  readonly input2_offset: number
  readonly input2_multiplier: number
  readonly input2_shift: number
  readonly output_multiplier: number
  readonly output_shift: number
  readonly output_offset: number
}
export interface SoftmaxS8Params {
  readonly rows: number
  readonly depth: number
  readonly input_multiplier: number
  readonly input_left_shift: number
  readonly diff_min: number
}
export interface RequantizeS8Params extends ActivationRange {
  readonly size: number
  readonly input_zero_point: number
  readonly output_zero_point: number
  readonly multiplier: number
  readonly shift: number
}
/** `mote_clamp_s8_params_t`, `mote_clamp_f32_params_t` and `mote_add_f32_params_t`. */
export interface SizedRangeParams extends ActivationRange {
  readonly size: number
}
export interface Conv2dF32Params extends ActivationRange {
  readonly window: MoteWindow
}
export interface DepthwiseConv2dF32Params extends Conv2dF32Params {
  readonly depth_multiplier: number
}
export interface FullyConnectedF32Params extends ActivationRange {
  readonly batches: number
  readonly depth: number
  readonly units: number
}
export interface SoftmaxF32Params {
  readonly rows: number
  readonly depth: number
  readonly beta: number
}
/** `mote_affine_f32_params_t` (QUANTIZE float → int8, DEQUANTIZE int8 → float). */
export interface AffineF32Params {
  readonly size: number
  readonly scale: number
  readonly zero_point: number
}
/** `mote_reshape(input, output, bytes)` takes its one parameter as an argument. */
export interface ReshapeParams {
  readonly bytes: number
}

export function windowOf(g: ConvGeometry): MoteWindow {
  return {
    batches: g.batches,
    input_h: g.inH,
    input_w: g.inW,
    input_c: g.inC,
    output_h: g.outH,
    output_w: g.outW,
    output_c: g.outC,
    filter_h: g.kH,
    filter_w: g.kW,
    stride_h: g.strideH,
    stride_w: g.strideW,
    dilation_h: g.dilationH,
    dilation_w: g.dilationW,
    pad_top: g.padH,
    pad_left: g.padW,
  }
}

function checkedShift(what: string, shift: number): number {
  if (!Number.isInteger(shift) || shift < -31 || shift > 30)
    throw parameterOutOfRange(what, shift, '[−31, 30]')
  return shift
}

/** The C requantization, with one multiplier/shift pair when every channel has the same one. */
export function requantOf(r: Requantization): MoteRequant {
  r.shifts.forEach((shift, c) => checkedShift(`the requantization shift of channel ${c}`, shift))
  const uniform =
    r.multipliers.every((m) => m === r.multipliers[0]) && r.shifts.every((s) => s === r.shifts[0])
  const count = uniform ? Math.min(1, r.multipliers.length) : r.multipliers.length
  return {
    input_offset: r.inputOffset,
    output_offset: r.outputOffset,
    activation_min: r.activationMin,
    activation_max: r.activationMax,
    per_channel: uniform ? 0 : 1,
    multipliers: Int32Array.from(r.multipliers.subarray(0, count)),
    shifts: Int8Array.from(r.shifts.subarray(0, count)),
  }
}

export const conv2dS8Params = (p: Conv2dInt8): Conv2dS8Params => ({
  window: windowOf(p.geometry),
  requant: requantOf(p.requantization),
})

export const depthwiseConv2dS8Params = (p: DepthwiseConv2dInt8): DepthwiseConv2dS8Params => ({
  window: windowOf(p.geometry),
  depth_multiplier: p.geometry.depthMultiplier,
  requant: requantOf(p.requantization),
})

export const fullyConnectedS8Params = (p: FullyConnectedInt8): FullyConnectedS8Params => ({
  batches: p.geometry.batches,
  depth: p.geometry.depth,
  units: p.geometry.units,
  requant: requantOf(p.requantization),
})

/** Pooling windows have no dilation and as many output as input channels. */
export const pool2dParams = (p: Pool2d): Pool2dParams => ({
  window: windowOf({
    ...p.geometry,
    inC: p.geometry.channels,
    outC: p.geometry.channels,
    kH: p.geometry.filterH,
    kW: p.geometry.filterW,
    dilationH: 1,
    dilationW: 1,
  }),
  activation_min: p.activationMin,
  activation_max: p.activationMax,
})

export const addS8Params = (p: AddInt8): AddS8Params => ({
  size: p.size,
  left_shift: p.leftShift,
  input1_offset: p.input1Offset,
  input1_multiplier: p.input1Multiplier,
  input1_shift: checkedShift('the first add input’s shift', p.input1Shift),
  input2_offset: p.input2Offset,
  input2_multiplier: p.input2Multiplier,
  input2_shift: checkedShift('the second add input’s shift', p.input2Shift),
  output_multiplier: p.outputMultiplier,
  output_shift: checkedShift('the add output’s shift', p.outputShift),
  output_offset: p.outputOffset,
  activation_min: p.activationMin,
  activation_max: p.activationMax,
})

export const softmaxS8Params = (p: SoftmaxInt8): SoftmaxS8Params => ({
  rows: p.outer,
  depth: p.depth,
  input_multiplier: p.inputMultiplier,
  input_left_shift: p.inputLeftShift,
  diff_min: p.diffMin,
})

export const requantizeS8Params = (p: RequantizeInt8): RequantizeS8Params => ({
  size: p.size,
  input_zero_point: p.inputZeroPoint,
  output_zero_point: p.outputZeroPoint,
  multiplier: p.multiplier,
  shift: checkedShift('the requantization shift', p.shift),
  activation_min: p.min,
  activation_max: p.max,
})

export const clampParams = (p: Clamp): SizedRangeParams => ({
  size: p.size,
  activation_min: p.min,
  activation_max: p.max,
})

export const conv2dF32Params = (p: Conv2dFloat): Conv2dF32Params => ({
  window: windowOf(p.geometry),
  activation_min: p.activationMin,
  activation_max: p.activationMax,
})

export const depthwiseConv2dF32Params = (p: DepthwiseConv2dFloat): DepthwiseConv2dF32Params => ({
  ...conv2dF32Params(p),
  depth_multiplier: p.geometry.depthMultiplier,
})

export const fullyConnectedF32Params = (p: FullyConnectedFloat): FullyConnectedF32Params => ({
  batches: p.geometry.batches,
  depth: p.geometry.depth,
  units: p.geometry.units,
  activation_min: p.activationMin,
  activation_max: p.activationMax,
})

export const addF32Params = (p: AddFloat): SizedRangeParams => ({
  size: p.size,
  activation_min: p.activationMin,
  activation_max: p.activationMax,
})

export const softmaxF32Params = (p: SoftmaxFloat): SoftmaxF32Params => ({
  rows: p.outer,
  depth: p.depth,
  beta: p.beta,
})

export const affineF32Params = (p: AffineConvert): AffineF32Params => ({
  size: p.size,
  scale: p.params.scale,
  zero_point: p.params.zeroPoint,
})
