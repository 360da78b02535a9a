import { cFloat } from '../../../core/codegen/c/dsp-c-text'
import { fixedMultiplier } from '../../../core/codegen/c/dsp-fixed'
import type { DspBlockCode } from '../../../core/codegen/c/dsp-params'
import type { Tensor } from '../../../core/model/graph'
import type { FirmwareFeatures, LiveSource } from './firmware-app-types'

/**
 * The generated functions of mote_app.c that tie the DSP, the model's input and the live input together
 * (docs/firmware.md, "The generated app"). C text only; firmware-app.ts assembles the files.
 */

const sat16 = [
  'static int16_t sat16(int32_t v) {',
  '  return (int16_t)(v > 32767 ? 32767 : v < -32767 ? -32767 : v);',
  '}',
]

/** One block's call, its features written from `offset` on. */
function blockCall(block: DspBlockCode, offset: number): string {
  const args = `&${block.symbol}, window, features + ${offset}`
  const call =
    block.block === 'raw' || block.block === 'image'
      ? `mote_dsp_${block.block}_compute(${args})`
      : `mote_dsp_${block.block}_compute(${args}, work, MOTE_APP_DSP_WORK_BYTES)`
  return `  if ((status = ${call}) != MOTE_DSP_OK) return (int16_t)status;`
}

/** Q16.16 or float features → the model's input: TFLM's QUANTIZE for an int8 model, a copy for a float one. */
function quantizeLines(features: FirmwareFeatures, input: Tensor, count: number): string[] {
  const fixed = features.numeric === 'fixed'
  if (input.dtype === 'float32') {
    return fixed
      ? [`  for (uint16_t i = 0; i < ${count}; i++) input[i] = (float)features[i] / 65536.0f;`]
      : [`  memcpy(input, features, sizeof features);`]
  }
  const scale = input.quantization!.scale[0]!
  const zeroPoint = input.quantization!.zeroPoint[0]!
  if (!fixed) {
    return [
      `  static const mote_affine_f32_params_t quantize = { ${count}, ${cFloat(scale)}, ${zeroPoint} };`,
      `  return (int16_t)mote_quantize_f32_s8(&quantize, features, input);`,
    ]
  }
  // real = q16 / 65536; q = round(real / scale) + zero point, rounded half away from zero as TFLM does.
  const m = fixedMultiplier(1 / (65536 * scale))
  return [
    `  for (uint16_t i = 0; i < ${count}; i++) {`,
    `    int32_t q = mote_mul_shift_sat(features[i], ${m.mantissa}, ${m.shift}) + (${zeroPoint});`,
    `    input[i] = (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);`,
    `  }`,
  ]
}

export function featuresFunction(features: FirmwareFeatures, input: Tensor): string[] {
  const count = features.code.outputCount
  const inputType = input.dtype === 'float32' ? 'float' : 'int8_t'
  let offset = 0
  const calls = features.code.blocks.map((b) => {
    const line = blockCall(b, offset)
    offset += b.outputCount
    return line
  })
  const quantize = quantizeLines(features, input, count)
  const returns = quantize.some((l) => l.includes('return'))
  return [
    ...features.code.blocks.map((b) => b.declaration),
    '',
    `/* The features of one window (the blocks' outputs, concatenated), before they become the model's input. */`,
    `static mote_dsp_feature_t features[${count}];`,
    '',
    'int16_t mote_app_features(const mote_app_sample_t *window, void *work) {',
    '  mote_dsp_status_t status;',
    `  ${inputType} *input = mote_model_input();`,
    ...(features.code.blocks.some((b) => b.block === 'raw' || b.block === 'image') ? ['  (void)work;'] : []),
    ...calls,
    ...quantize,
    ...(returns ? [] : ['  return 0;']),
    '}',
  ]
}

/** Per axis, the analog input's counts → the DSP's sample: fixed counts of inputLsb, or floats. */
function analogLines(live: Extract<LiveSource, { kind: 'analog' }>, features: FirmwareFeatures): string[] {
  const perCount = live.fullScaleMillivolts / 1024
  return live.channels.map((c, axis) => {
    if (features.numeric === 'float') {
      const gain = perCount / c.millivoltsPerUnit
      const offset = -c.zeroMillivolts / c.millivoltsPerUnit
      return `  frame[${axis}] = (float)counts[${axis}] * ${cFloat(gain)} + ${cFloat(offset)};`
    }
    // sample = (counts · perCount − zero) / (mV per unit · lsb) = (256 · counts − zeroQ8) · gain / 256
    const zeroQ8 = Math.round((c.zeroMillivolts / perCount) * 256)
    const m = fixedMultiplier(perCount / (256 * c.millivoltsPerUnit * features.inputLsb))
    return `  frame[${axis}] = sat16(mote_mul_shift_sat(((int32_t)counts[${axis}] << 8) - ${zeroQ8}, ${m.mantissa}, ${m.shift}));`
  })
}

/** Per axis, offset + amplitude · sin(2π · hz · t) at frame `index`; the phase is reduced in double. */
function syntheticLines(
  live: Extract<LiveSource, { kind: 'synthetic' }>,
  features: FirmwareFeatures,
  rateHz: number,
): string[] {
  return live.axes.flatMap((a, axis) => {
    const value = `${a.offset} + ${a.amplitude} * sin(6.283185307179586 * cycles)`
    const store =
      features.numeric === 'float'
        ? `  frame[${axis}] = (float)(${value});`
        : `  frame[${axis}] = sat16((int32_t)lround((${value}) / ${features.inputLsb}));`
    return [`  cycles = (double)index * ${a.hz / rateHz};`, '  cycles -= floor(cycles);', store]
  })
}

export function liveFunction(live: LiveSource, features: FirmwareFeatures | undefined): string[] {
  const signature =
    'void mote_app_live_frame(uint32_t index, const uint16_t *counts, mote_app_sample_t *frame) {'
  if (live.kind === 'none' || features === undefined)
    return [signature, '  (void)index;', '  (void)counts;', '  (void)frame;', '}']
  if (features.meta.kind === 'image') throw new Error('live input is for time series, not images')
  if (live.kind === 'analog') {
    return [
      ...(features.numeric === 'fixed' ? sat16 : []),
      '',
      signature,
      '  (void)index;',
      ...analogLines(live, features),
      '}',
    ]
  }
  return [
    ...(features.numeric === 'fixed' ? sat16 : []),
    '',
    signature,
    '  double cycles;',
    '  (void)counts;',
    ...syntheticLines(live, features, features.meta.rateHz),
    '}',
  ]
}
