import { cFloat } from '../../../core/codegen/c/dsp-c-text'
import { fixedMultiplier } from '../../../core/codegen/c/dsp-fixed'
import { dspBlockCalls, featuresToInputLines } from '../../../core/codegen/c/dsp-glue'
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

export function featuresFunction(features: FirmwareFeatures, input: Tensor): string[] {
  const count = features.code.outputCount
  const inputType = input.dtype === 'float32' ? 'float' : 'int8_t'
  const { blocks } = features.code
  return [
    ...blocks.map((b) => b.declaration),
    '',
    `/* The features of one window (the blocks' outputs, concatenated), before they become the model's input. */`,
    `static mote_dsp_feature_t features[${count}];`,
    '',
    'int16_t mote_app_features(const mote_app_sample_t *window, void *work) {',
    '  mote_dsp_status_t status;',
    `  ${inputType} *input = mote_model_input();`,
    ...(blocks.some((b) => b.block === 'raw' || b.block === 'image') ? ['  (void)work;'] : []),
    ...dspBlockCalls(blocks, 'work, MOTE_APP_DSP_WORK_BYTES', (status) => `(int16_t)${status}`),
    ...featuresToInputLines(features.numeric, input, count),
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
