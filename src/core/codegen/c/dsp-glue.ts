import type { Tensor } from '../../model/graph'
import { cFloat } from './dsp-c-text'
import { fixedMultiplier } from './dsp-fixed'
import type { DspBlockCode, DspNumeric } from './dsp-params'

/**
 * The C that ties generated DSP blocks to a generated model, shared by the exported libraries'
 * mote_pipeline.c and the inference firmware's mote_app.c: one call per block into a features buffer, then
 * the features into the model's input exactly as TFLite Micro's QUANTIZE does. Statements of a function
 * that has `window`, `features` (the blocks' outputs, concatenated) and `status` in scope.
 */

/** One block's call, its features written from `offset` on; `work` is the work buffer and its size. */
export function dspBlockCall(
  block: DspBlockCode,
  offset: number,
  work: string,
  onFailure: (status: string) => string,
): string {
  const args = `&${block.symbol}, window, features + ${offset}`
  const call =
    block.block === 'raw' || block.block === 'image'
      ? `mote_dsp_${block.block}_compute(${args})`
      : `mote_dsp_${block.block}_compute(${args}, ${work})`
  return `  if ((status = ${call}) != MOTE_DSP_OK) return ${onFailure('status')};`
}

/** Every block's call, each writing after the previous one's features. */
export function dspBlockCalls(
  blocks: readonly DspBlockCode[],
  work: string,
  onFailure: (status: string) => string,
): string[] {
  let offset = 0
  return blocks.map((b) => {
    const line = dspBlockCall(b, offset, work, onFailure)
    offset += b.outputCount
    return line
  })
}

/**
 * `count` Q16.16 (fixed) or float features → the model input `input` points to, ending with `return 0;` or
 * the quantizer's status: TFLM's QUANTIZE for an int8 model (one Q16.16 multiply with rounding half away
 * from zero in the fixed build), a conversion or a copy for a float one.
 */
export function featuresToInputLines(numeric: DspNumeric, input: Tensor, count: number): string[] {
  const fixed = numeric === 'fixed'
  if (input.dtype === 'float32')
    return fixed
      ? [`  for (uint16_t i = 0; i < ${count}; i++) input[i] = (float)features[i] / 65536.0f;`, '  return 0;']
      : ['  memcpy(input, features, sizeof features);', '  return 0;']
  const scale = input.quantization!.scale[0]!
  const zeroPoint = input.quantization!.zeroPoint[0]!
  if (!fixed)
    return [
      `  static const mote_affine_f32_params_t quantize_features = { ${count}, ${cFloat(scale)}, ${zeroPoint} };`,
      '  return (int16_t)mote_quantize_f32_s8(&quantize_features, features, input);',
    ]
  // real = q16 / 65536; q = round(real / scale) + zero point, saturated to int8.
  const m = fixedMultiplier(1 / (65536 * scale))
  return [
    `  for (uint16_t i = 0; i < ${count}; i++) {`,
    `    int32_t q = mote_mul_shift_sat(features[i], ${m.mantissa}, ${m.shift}) + (${zeroPoint});`,
    '    input[i] = (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);',
    '  }',
    '  return 0;',
  ]
}
