/**
 * mote_pipeline.h / mote_pipeline.c: the API of an exported library (docs/export.md, "The pipeline API") —
 * a raw window through every DSP block into the model's input, the model, and the scores by label. Pure C
 * text; the same input gives the same bytes.
 */
import { cFloat } from '../c/dsp-c-text'
import { dspBlockCalls, featuresToInputLines } from '../c/dsp-glue'
import { generateModelCode, type GeneratedModelCode, type ModelCodeInput } from '../c/generate'
import type { ModelGraph, Tensor } from '../../model/graph'
import { windowLayout } from '../../dsp'
import { encodeUtf8 } from '../../util/text-codecs'
import { checkPipeline, onlyTensor, PIPELINE_SCRATCH, tensorElements } from './pipeline-tensors'

export { PIPELINE_SCRATCH } from './pipeline-tensors'
import type { LibraryFile, PipelineFeatures, PipelineInput } from './pipeline-types'

/** The model's code for a library: its arena is the pipeline's scratch buffer. */
export function pipelineModelCode(model: ModelCodeInput): GeneratedModelCode {
  return generateModelCode(model, { externalArena: PIPELINE_SCRATCH })
}

/** The status a DSP block's failure is reported as: this bit or'd with its `mote_dsp_status_t`. */
export const PIPELINE_DSP_ERROR = 0x100

function banner(input: PipelineInput): string {
  const clean = (s: string) => s.replace(/\*\//g, '* /').replace(/\s+/g, ' ')
  return [
    '/*',
    ' * generated — do not edit.',
    ` * Mote Studio pipeline: project "${clean(input.project)}", variant "${clean(input.variant)}",`,
    ` * model ${input.model.summary.contentHash}. See README.md.`,
    ' */',
  ].join('\n')
}

function sampleType(f: PipelineFeatures): string {
  return f.meta.kind === 'image' ? 'uint8_t' : 'mote_dsp_sample_t'
}

function seriesMacros(f: PipelineFeatures): string[] {
  if (f.meta.kind === 'image')
    return [
      `#define MOTE_PIPELINE_IMAGE_WIDTH ${f.meta.width}`,
      `#define MOTE_PIPELINE_IMAGE_HEIGHT ${f.meta.height}`,
    ]
  const layout = windowLayout(f.design.window, f.meta.rateHz)
  return [
    `#define MOTE_PIPELINE_AXES ${f.meta.axes}`,
    `#define MOTE_PIPELINE_RATE_HZ ${cFloat(f.meta.rateHz)}`,
    `#define MOTE_PIPELINE_WINDOW_FRAMES ${layout.windowFrames}`,
    `#define MOTE_PIPELINE_STRIDE_FRAMES ${layout.strideFrames}`,
  ]
}

function header(input: PipelineInput): string {
  const f = input.features
  const out = outputTensor(input.graph)
  return [
    banner(input),
    '#ifndef MOTE_PIPELINE_H',
    '#define MOTE_PIPELINE_H',
    '',
    '#include <stdint.h>',
    '',
    `#include "${input.model.header.name}"`,
    '#include "mote_dsp.h"',
    '',
    `/* The DSP build these tables were generated for (mote_dsp.h is fixed to it). */`,
    `#define MOTE_PIPELINE_DSP_${f.numeric.toUpperCase()} 1`,
    ...seriesMacros(f),
    `/* Values of one window: frames × axes, axes interleaved frame by frame (pixels for images). */`,
    `#define MOTE_PIPELINE_WINDOW_VALUES ${f.code.inputCount}UL`,
    `/* Fixed build: the real value (the dataset's unit) of one sample count. */`,
    `#define MOTE_PIPELINE_INPUT_LSB ${cFloat(f.inputLsb)}`,
    `#define MOTE_PIPELINE_FEATURES ${f.code.outputCount}`,
    `#define MOTE_PIPELINE_CLASSES ${tensorElements(out)}`,
    `#define MOTE_PIPELINE_DSP_WORK_BYTES ${f.code.workBytes}UL`,
    `/* The DSP's work and the model's arena share one buffer of this size (static RAM). */`,
    `#define MOTE_PIPELINE_SCRATCH_BYTES ${Math.max(1, f.code.workBytes, input.model.summary.arenaBytes)}UL`,
    `/* A DSP block's failure: this bit or'd with its mote_dsp_status_t; 1…6 are the model's mote_status_t. */`,
    `#define MOTE_PIPELINE_DSP_ERROR 0x${PIPELINE_DSP_ERROR.toString(16)}`,
    '',
    `typedef ${sampleType(f)} mote_pipeline_sample_t;`,
    '',
    '#ifdef __cplusplus',
    'extern "C" {',
    '#endif',
    '',
    "/* window → features → the model's input. 0, or the failing block's status. */",
    'int16_t mote_pipeline_features(const mote_pipeline_sample_t *window);',
    "/* Features computed elsewhere (MOTE_PIPELINE_FEATURES floats) → the model's input. */",
    'int16_t mote_pipeline_set_features(const float *features);',
    '/* Runs the model on its input (which it overwrites). 0 or a mote_status_t. The output stays valid',
    "   until the next mote_pipeline_features or _set_features (the DSP reuses the model's memory). */",
    'int16_t mote_pipeline_invoke(void);',
    '/* mote_pipeline_features then mote_pipeline_invoke. */',
    'int16_t mote_pipeline_run(const mote_pipeline_sample_t *window);',
    `/* The model's output after invoke (MOTE_PIPELINE_CLASSES ${out.dtype === 'int8' ? 'int8 values' : 'floats'}). */`,
    `const ${out.dtype === 'int8' ? 'int8_t' : 'float'} *mote_pipeline_output(void);`,
    "/* Class `index`'s score as a probability (the output dequantized). */",
    'float mote_pipeline_score(uint16_t index);',
    '/* The class with the highest score (the first of equals). */',
    'uint16_t mote_pipeline_top(void);',
    '/* Class `index`\'s label, or "" past the last. On AVR the labels stay in flash and are copied into one',
    '   buffer: the text is valid until the next call. */',
    'const char *mote_pipeline_label(uint16_t index);',
    '',
    '#ifdef __cplusplus',
    '}',
    '#endif',
    '',
    '#endif',
    '',
  ].join('\n')
}

function outputTensor(graph: ModelGraph): Tensor {
  return onlyTensor(graph, graph.outputs, 'output')
}

function featuresFunction(f: PipelineFeatures, input: Tensor): string[] {
  return [
    'int16_t mote_pipeline_features(const mote_pipeline_sample_t *window) {',
    '  mote_dsp_status_t status;',
    `  ${cType(input)} *input = ${MODEL_PREFIX}_input();`,
    ...dspBlockCalls(
      f.code.blocks,
      `${PIPELINE_SCRATCH}, MOTE_PIPELINE_DSP_WORK_BYTES`,
      (status) => `(int16_t)(MOTE_PIPELINE_DSP_ERROR | ${status})`,
    ),
    ...featuresToInputLines(f.numeric, input, f.code.outputCount),
    '}',
  ]
}

/** The model's C namespace in a library (generateModelCode's default). */
export const MODEL_PREFIX = 'mote_model'

const cType = (t: Tensor) => (t.dtype === 'int8' ? 'int8_t' : 'float')

function setFeaturesFunction(f: PipelineFeatures, input: Tensor): string[] {
  const body =
    input.dtype === 'int8'
      ? ['  return (int16_t)mote_quantize_f32_s8(&quantize, values, model_input);']
      : ['  memcpy(model_input, values, sizeof(float) * MOTE_PIPELINE_FEATURES);', '  return 0;']
  return [
    'int16_t mote_pipeline_set_features(const float *values) {',
    `  ${cType(input)} *model_input = ${MODEL_PREFIX}_input();`,
    ...body,
    '}',
  ]
}

/** Scores: int8 outputs dequantized with the output's scale and zero point; float outputs as they are. */
function scoreFunctions(out: Tensor): string[] {
  const q = out.quantization
  const score =
    out.dtype === 'int8'
      ? `  return ${cFloat(q!.scale[0]!)} * (float)(${MODEL_PREFIX}_output()[index] - (${q!.zeroPoint[0]}));`
      : `  return ${MODEL_PREFIX}_output()[index];`
  return [
    `const ${cType(out)} *mote_pipeline_output(void) { return ${MODEL_PREFIX}_output(); }`,
    '',
    'float mote_pipeline_score(uint16_t index) {',
    '  if (index >= MOTE_PIPELINE_CLASSES) return 0.0f;',
    score,
    '}',
    '',
    'uint16_t mote_pipeline_top(void) {',
    `  const ${cType(out)} *scores = ${MODEL_PREFIX}_output();`,
    '  uint16_t best = 0, i;',
    '  for (i = 1; i < MOTE_PIPELINE_CLASSES; i++)',
    '    if (scores[i] > scores[best]) best = i;',
    '  return best;',
    '}',
  ]
}

/** A C string literal of `text` (labels are user text: every byte outside printable ASCII escaped). */
export function cString(text: string): string {
  const bytes = encodeUtf8(text)
  let out = ''
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`
    else if (b >= 0x20 && b < 0x7f && b !== 0x3f) out += String.fromCharCode(b)
    else out += `\\${b.toString(8).padStart(3, '0')}`
  }
  return `"${out}"`
}

/** Labels: in flash on AVR (RAM is what a Uno lacks), copied out one at a time; plain strings elsewhere. */
function labelFunction(labels: readonly string[]): string[] {
  const longest = Math.max(0, ...labels.map((l) => encodeUtf8(l).length))
  return [
    '#if defined(__AVR__)',
    ...labels.map((l, i) => `static const char label_${i}[] PROGMEM = ${cString(l)};`),
    `static const char *const labels[${labels.length}] PROGMEM = {`,
    ...labels.map((_, i) => `  label_${i},`),
    '};',
    '',
    'const char *mote_pipeline_label(uint16_t index) {',
    `  static char text[${longest + 1}];`,
    `  if (index >= ${labels.length}) return "";`,
    '  strcpy_P(text, (const char *)pgm_read_ptr(&labels[index]));',
    '  return text;',
    '}',
    '#else',
    `static const char *const labels[${labels.length}] = {`,
    ...labels.map((l) => `  ${cString(l)},`),
    '};',
    '',
    'const char *mote_pipeline_label(uint16_t index) {',
    `  return index < ${labels.length} ? labels[index] : "";`,
    '}',
    '#endif',
  ]
}

function source(input: PipelineInput): string {
  const f = input.features
  const inTensor = onlyTensor(input.graph, input.graph.inputs, 'input')
  const quantizes = inTensor.dtype === 'int8'
  const q = inTensor.quantization
  return [
    banner(input),
    '#include <string.h>',
    '#if defined(__AVR__)',
    '#include <avr/pgmspace.h>',
    '#endif',
    '',
    '#include "mote_pipeline.h"',
    '#include "mote_kernels_f32.h"',
    ...(f.numeric === 'fixed' ? ['#include "mote_dsp_internal.h"'] : []),
    '',
    ...f.code.blocks.map((b) => b.declaration),
    '',
    "/* One window's features (the blocks' outputs, concatenated). */",
    `static mote_dsp_feature_t features[MOTE_PIPELINE_FEATURES];`,
    "/* The blocks' work buffer, then the model's arena (see MOTE_PIPELINE_SCRATCH_BYTES); 4-byte aligned. */",
    '#if defined(__GNUC__)',
    `uint8_t ${PIPELINE_SCRATCH}[MOTE_PIPELINE_SCRATCH_BYTES] __attribute__((aligned(4)));`,
    '#else',
    `uint8_t ${PIPELINE_SCRATCH}[MOTE_PIPELINE_SCRATCH_BYTES]; /* align it to 4 bytes for float models */`,
    '#endif',
    ...(quantizes
      ? [
          `static const mote_affine_f32_params_t quantize = { MOTE_PIPELINE_FEATURES, ${cFloat(q!.scale[0]!)}, ${q!.zeroPoint[0]} };`,
        ]
      : []),
    '',
    ...featuresFunction(f, inTensor),
    '',
    ...setFeaturesFunction(f, inTensor),
    '',
    `int16_t mote_pipeline_invoke(void) { return (int16_t)${MODEL_PREFIX}_invoke(); }`,
    '',
    'int16_t mote_pipeline_run(const mote_pipeline_sample_t *window) {',
    '  int16_t status = mote_pipeline_features(window);',
    '  return status != 0 ? status : mote_pipeline_invoke();',
    '}',
    '',
    ...scoreFunctions(outputTensor(input.graph)),
    '',
    ...labelFunction(input.labels),
    '',
  ].join('\n')
}

/** The DSP blocks' generated tables and parameter structs, one file. */
function featuresSource(input: PipelineInput): string {
  return [
    banner(input),
    '#include "mote_dsp.h"',
    '',
    ...input.features.code.blocks.map((b) => b.source),
  ].join('\n')
}

/** mote_pipeline.h, mote_pipeline.c and mote_features.c for `input` (see the file comment). */
export function pipelineFiles(input: PipelineInput): LibraryFile[] {
  checkPipeline(input)
  return [
    { path: 'mote_pipeline.h', text: header(input) },
    { path: 'mote_pipeline.c', text: source(input) },
    { path: 'mote_features.c', text: featuresSource(input) },
  ]
}
