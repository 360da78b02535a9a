import {
  generateModelCode,
  type GeneratedFile,
  type GeneratedModelCode,
} from '../../../core/codegen/c/generate'
import { windowLayout } from '../../../core/dsp'
import type { ModelGraph, Tensor } from '../../../core/model/graph'
import { featuresFunction, liveFunction } from './firmware-app-glue'
import {
  DSP_CODE,
  DTYPE_CODE,
  LIVE_CODE,
  SAMPLE_TYPE_CODE,
  type FirmwareAppInput,
  type FirmwareFeatures,
} from './firmware-app-types'

/**
 * The generated half of the Mote inference firmware (docs/firmware.md, "The generated app"): mote_app.h,
 * whose macros describe the model, the feature design and the live input to the portable core, and
 * mote_app.c, the glue between the DSP blocks, the model's input and the live input. Pure: the same input
 * gives the same bytes.
 */
export interface FirmwareApp {
  readonly files: readonly GeneratedFile[]
  /** -D flags every source of the firmware needs (the DSP build that matches the generated tables). */
  readonly defines: Readonly<Record<string, number>>
  /** The model input is quantized by the runtime's float QUANTIZE kernel, or the live input calls libm. */
  readonly needsFloatKernels: boolean
  readonly needsLibm: boolean
  /** The model's generated code (its summary: weights, arena). */
  readonly model: GeneratedModelCode
}

const BANNER = "/* generated — do not edit. The Mote inference firmware's app: see docs/firmware.md. */"

function float32Bits(value: number): string {
  const view = new DataView(new ArrayBuffer(4))
  view.setFloat32(0, value, true)
  return `0x${view.getUint32(0, true).toString(16).padStart(8, '0')}UL`
}

function onlyTensor(graph: ModelGraph, list: readonly number[], what: string): Tensor {
  const tensor = list.length === 1 ? graph.tensors[list[0]!] : undefined
  if (tensor === undefined)
    throw new Error(`the firmware runs models with one ${what}; this one has ${list.length}`)
  if (tensor.dtype !== 'int8' && tensor.dtype !== 'float32')
    throw new Error(`the firmware's ${what} is int8 or float32, not ${tensor.dtype}`)
  return tensor
}

const elements = (t: Tensor) => t.shape.reduce((a, b) => a * b, 1)
const bytesOf = (t: Tensor) => elements(t) * (t.dtype === 'int8' ? 1 : 4)

function tensorMacros(name: 'INPUT' | 'OUTPUT', t: Tensor): string[] {
  const q = t.quantization
  return [
    `#define MOTE_APP_${name}_DTYPE ${DTYPE_CODE[t.dtype as 'int8' | 'float32']}`,
    `#define MOTE_APP_${name}_BYTES ${bytesOf(t)}UL`,
    `#define MOTE_APP_${name}_SCALE_BITS ${float32Bits(q?.scale[0] ?? 0)}`,
    `#define MOTE_APP_${name}_ZERO_POINT (${q?.zeroPoint[0] ?? 0})`,
    `#define MOTE_APP_${name}_DIMS { ${t.shape.join(', ')} }`,
  ]
}

function sampleType(features: FirmwareFeatures | undefined): number {
  if (features === undefined) return SAMPLE_TYPE_CODE.none
  if (features.meta.kind === 'image') return SAMPLE_TYPE_CODE.uint8
  return features.numeric === 'fixed' ? SAMPLE_TYPE_CODE.int16 : SAMPLE_TYPE_CODE.float32
}

function featureMacros(input: FirmwareAppInput): string[] {
  const f = input.features
  const series = f !== undefined && f.meta.kind !== 'image' ? f.meta : undefined
  const layout = series ? windowLayout(f!.design.window, series.rateHz) : { windowFrames: 0, strideFrames: 0 }
  return [
    `#define MOTE_APP_DSP ${f === undefined ? DSP_CODE.none : DSP_CODE[f.numeric]}`,
    `#define MOTE_APP_SAMPLE_TYPE ${sampleType(f)}`,
    `#define MOTE_APP_INPUT_LSB_BITS ${float32Bits(f?.numeric === 'fixed' ? f.inputLsb : 1)}`,
    `#define MOTE_APP_WINDOW_VALUES ${f?.code.inputCount ?? 0}UL`,
    `#define MOTE_APP_AXES ${series?.axes ?? 0}`,
    `#define MOTE_APP_FEATURES ${f?.code.outputCount ?? 0}UL`,
    `#define MOTE_APP_DSP_WORK_BYTES ${f?.code.workBytes ?? 0}UL`,
    `#define MOTE_APP_LIVE ${series ? LIVE_CODE[input.live.kind] : LIVE_CODE.none}`,
    `#define MOTE_APP_RATE_MHZ ${Math.round((series?.rateHz ?? 0) * 1000)}UL`,
    `#define MOTE_APP_WINDOW_FRAMES ${layout.windowFrames}`,
    `#define MOTE_APP_STRIDE_FRAMES ${layout.strideFrames}`,
  ]
}

function sampleTypedef(f: FirmwareFeatures | undefined): string {
  if (f === undefined) return 'typedef uint8_t mote_app_sample_t; /* no DSP: no raw window */'
  return f.meta.kind === 'image'
    ? 'typedef uint8_t mote_app_sample_t; /* image pixels */'
    : 'typedef mote_dsp_sample_t mote_app_sample_t;'
}

function header(input: FirmwareAppInput, code: GeneratedModelCode): string {
  const { graph } = input.model
  const inTensor = onlyTensor(graph, graph.inputs, 'input')
  const outTensor = onlyTensor(graph, graph.outputs, 'output')
  return [
    BANNER,
    '#ifndef MOTE_APP_H',
    '#define MOTE_APP_H',
    '',
    '#include <stdint.h>',
    '',
    `#include "${code.header.name}"`,
    ...(input.features ? ['#include "mote_dsp.h"'] : []),
    '',
    `#define MOTE_APP_BOARD_ID "${input.boardId}"`,
    `#define MOTE_APP_ARENA_BYTES ${code.memory.plan.peakBytes}UL`,
    ...tensorMacros('INPUT', inTensor),
    ...tensorMacros('OUTPUT', outTensor),
    ...featureMacros(input),
    '',
    sampleTypedef(input.features),
    '',
    "/* The variant's content hash (SHA-256), sent in Identity; in program memory on AVR. */",
    'extern const uint8_t mote_app_model_hash[32];',
    'uint8_t *mote_app_input(void);',
    'const uint8_t *mote_app_output(void);',
    'int16_t mote_app_invoke(void);',
    "/* The window through every DSP block into the model's input; 0, or the failing block's status. */",
    'int16_t mote_app_features(const mote_app_sample_t *window, void *work);',
    '/* One live frame, `MOTE_APP_AXES` samples, from the ADC counts or the synthetic source. */',
    'void mote_app_live_frame(uint32_t index, const uint16_t *counts, mote_app_sample_t *frame);',
    '',
    '#endif',
    '',
  ].join('\n')
}

function hashArray(hex: string): string {
  const bytes = hex.match(/../g)!.map((b) => `0x${b}`)
  return `const uint8_t mote_app_model_hash[32] MOTE_CONST = {\n  ${bytes.slice(0, 16).join(', ')},\n  ${bytes.slice(16).join(', ')},\n};`
}

function source(input: FirmwareAppInput, code: GeneratedModelCode): string {
  const { graph } = input.model
  const inTensor = onlyTensor(graph, graph.inputs, 'input')
  const f = input.features
  const fixed = f?.numeric === 'fixed'
  return [
    BANNER,
    '#include <math.h>',
    '#include <string.h>',
    '',
    '#include "mote_app.h"',
    '#include "mote_const.h"',
    ...(fixed ? ['#include "mote_dsp_internal.h"'] : []),
    ...(f?.numeric === 'float' && inTensor.dtype === 'int8' ? ['#include "mote_runtime.h"'] : []),
    '',
    hashArray(code.summary.contentHash),
    '',
    'uint8_t *mote_app_input(void) { return (uint8_t *)mote_model_input(); }',
    'const uint8_t *mote_app_output(void) { return (const uint8_t *)mote_model_output(); }',
    'int16_t mote_app_invoke(void) { return (int16_t)mote_model_invoke(); }',
    '',
    ...(f
      ? featuresFunction(f, inTensor)
      : [
          'int16_t mote_app_features(const mote_app_sample_t *window, void *work) {',
          '  (void)window;',
          '  (void)work;',
          '  return 0;',
          '}',
        ]),
    '',
    ...liveFunction(input.live, f),
    '',
  ].join('\n')
}

/** mote_app.h and mote_app.c for `input`; the model's files come from codegen, the DSP's from dspDesignCode. */
export function generateFirmwareApp(input: FirmwareAppInput): FirmwareApp {
  const { graph } = input.model
  const code = generateModelCode(input.model, { externalArena: 'mote_scratch' })
  const inTensor = onlyTensor(graph, graph.inputs, 'input')
  const f = input.features
  if (f && f.code.outputCount !== elements(inTensor))
    throw new Error(
      `the design gives ${f.code.outputCount} features but the model reads ${elements(inTensor)} values`,
    )
  const featureFile = f
    ? [
        {
          name: 'mote_features.c',
          text: `${BANNER}\n#include "mote_dsp.h"\n\n${f.code.blocks.map((b) => b.source).join('\n')}`,
        },
      ]
    : []
  return {
    files: [
      { name: 'mote_app.h', text: header(input, code) },
      { name: 'mote_app.c', text: source(input, code) },
      code.header,
      code.source,
      ...featureFile,
    ],
    defines: f ? { [f.numeric === 'fixed' ? 'MOTE_DSP_FIXED' : 'MOTE_DSP_FLOAT']: 1 } : {},
    needsFloatKernels: f?.numeric === 'float' && inTensor.dtype === 'int8',
    model: code,
    needsLibm: input.live.kind === 'synthetic' || f?.numeric === 'float',
  }
}
