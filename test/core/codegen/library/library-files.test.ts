import { describe, expect, it } from 'vitest'
import {
  ARDUINO_REQUIRED_FIELDS,
  arduinoNames,
  arduinoProperties,
  libraryFiles,
  pipelineFiles,
  type VendoredSources,
} from '../../../../src/core/codegen/library'
import { cString } from '../../../../src/core/codegen/library/pipeline-code'
import { ExportErrorCode } from '../../../../src/shared/api/export'
import { gesturesModel, gesturesPipeline } from './pipeline-fixture'

/** The vendored files the layout insists on, with real-looking guards; contents are not compiled here. */
function sources(extra: Record<string, string> = {}): VendoredSources {
  const header = (guard: string) => `/* x */\n#ifndef ${guard}\n#define ${guard}\nint x;\n#endif\n`
  return new Map(
    Object.entries({
      'runtime/include/mote_runtime.h': header('MOTE_RUNTIME_H'),
      'runtime/include/mote_kernels_s8.h': header('A'),
      'runtime/include/mote_kernels_f32.h': header('B'),
      'runtime/include/mote_kernels_gen_s8.h': header('C'),
      'runtime/kernels/common/checks.c': 'int checks;\n',
      'runtime/README.md': 'not a source',
      'dsp/mote_dsp.h': header('MOTE_DSP_H'),
      'dsp/mote_dsp_internal.h': header('D'),
      ...extra,
    }),
  )
}

const codeOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    return (error as { code?: number }).code
  }
  return undefined
}

describe('the exported library’s generated files', () => {
  it('are the same bytes every time for the same variant', () => {
    const a = libraryFiles(gesturesPipeline('fixed'), 'arduino', sources())
    const b = libraryFiles(gesturesPipeline('fixed'), 'arduino', sources())
    expect(a).toEqual(b)
  })

  it('describe the window, features and classes in mote_pipeline.h', () => {
    const input = gesturesPipeline('float')
    const header = pipelineFiles(input)[0]!.text
    expect(header).toContain(`#define MOTE_PIPELINE_WINDOW_VALUES ${input.features.code.inputCount}UL`)
    expect(header).toContain(`#define MOTE_PIPELINE_FEATURES ${input.features.code.outputCount}`)
    expect(header).toContain(`#define MOTE_PIPELINE_CLASSES ${input.labels.length}`)
    expect(header).toContain('#define MOTE_PIPELINE_DSP_FLOAT 1')
    expect(header).toContain('extern "C" {')
  })

  it('quantize the features with TFLM’s QUANTIZE in the float build and a Q16.16 multiply in the fixed one', () => {
    expect(pipelineFiles(gesturesPipeline('float'))[1]!.text).toContain(
      'mote_quantize_f32_s8(&quantize_features, features',
    )
    const fixed = pipelineFiles(gesturesPipeline('fixed'))[1]!.text
    expect(fixed).toContain('mote_mul_shift_sat(features[i]')
    expect(fixed).toContain('#include "mote_dsp_internal.h"')
  })

  it('write labels as C strings that no quote, backslash, trigraph or non-ASCII byte can break', () => {
    expect(cString('up-down')).toBe('"up-down"')
    expect(cString('a"b\\c')).toBe('"a\\"b\\\\c"')
    expect(cString('??=')).toBe('"\\077\\077="')
    expect(cString('é\n')).toBe('"\\303\\251\\012"')
  })

  it('refuse a model whose input does not take the design’s features, or whose outputs are not the labels (17007)', () => {
    const { graph } = gesturesModel()
    expect(codeOf(() => pipelineFiles(gesturesPipeline('float', { labels: ['a', 'b'] })))).toBe(
      ExportErrorCode.UnsupportedPipeline,
    )
    const input = graph.inputs[0]!
    const tensors = graph.tensors.map((t, i) => (i === input ? { ...t, shape: [1, 7] } : t))
    const other = { ...gesturesPipeline('float'), graph: { ...graph, tensors } }
    expect(codeOf(() => pipelineFiles(other))).toBe(ExportErrorCode.UnsupportedPipeline)
  })
})

describe('the library layout', () => {
  it('puts generated code, forwarding headers and the vendored sources under src/ of one root folder', () => {
    const { root, files } = libraryFiles(gesturesPipeline('fixed'), 'c', sources())
    const paths = files.map((f) => f.path)
    expect(root).toBe('Mote_Wrist_gestures_c')
    expect(paths).toContain(`${root}/src/mote_pipeline.h`)
    expect(paths).toContain(`${root}/src/model.c`)
    expect(paths).toContain(`${root}/src/runtime/kernels/common/checks.c`)
    expect(paths).toContain(`${root}/example/minimal.c`)
    expect(paths).not.toContain(`${root}/src/runtime/README.md`)
    const forward = files.find((f) => f.path === `${root}/src/mote_runtime.h`)!.text
    expect(forward).toContain('#include "runtime/include/mote_runtime.h"')
  })

  it('fixes the DSP build and AVR’s program-memory weights in the vendored headers, after their guards', () => {
    const { files } = libraryFiles(gesturesPipeline('fixed'), 'arduino', sources())
    const text = (end: string) => files.find((f) => f.path.endsWith(end))!.text
    expect(text('src/dsp/mote_dsp.h')).toMatch(
      /#define MOTE_DSP_H\n.*\n#if !defined\(MOTE_DSP_FIXED\) && !defined\(MOTE_DSP_FLOAT\)\n#define MOTE_DSP_FIXED 1\n#endif\nint x;/,
    )
    expect(text('src/runtime/include/mote_runtime.h')).toMatch(
      /#define MOTE_RUNTIME_H\n.*\n#if defined\(__AVR__\) && !defined\(MOTE_WEIGHTS_IN_PROGMEM\)\n#define MOTE_WEIGHTS_IN_PROGMEM 1\n/,
    )
  })

  it('refuses resources without a header’s guard or a required file (17008), and two sources of one name', () => {
    const unguarded = sources({ 'dsp/mote_dsp.h': 'int x;\n' })
    expect(codeOf(() => libraryFiles(gesturesPipeline(), 'c', unguarded))).toBe(
      ExportErrorCode.MissingResources,
    )
    const missing = new Map(sources())
    missing.delete('runtime/include/mote_kernels_gen_s8.h')
    expect(codeOf(() => libraryFiles(gesturesPipeline(), 'c', missing))).toBe(
      ExportErrorCode.MissingResources,
    )
    const twice = sources({ 'dsp/checks.c': 'int again;\n' })
    expect(() => libraryFiles(gesturesPipeline(), 'c', twice)).toThrow(
      /two library sources are named checks.c/,
    )
  })
})

describe('the Arduino library’s names and properties', () => {
  it('make a library name of allowed characters from any project name, at most 63 long', () => {
    expect(arduinoNames('Wrist gestures').library).toBe('Mote_Wrist_gestures')
    expect(arduinoNames('Gesten: Ärger & ß!').library).toBe('Mote_Gesten_Arger')
    expect(arduinoNames('!!!').library).toBe('Mote_model')
    expect(arduinoNames('x'.repeat(200)).library).toHaveLength(63)
    for (const name of ['Wrist gestures', '你好', '-a-', 'Arduino thing'])
      expect(arduinoNames(name).library).toMatch(/^Mote_[A-Za-z0-9_.-]*[A-Za-z0-9]$|^Mote_model$/)
  })

  it('write every required field on one line each, whatever the project’s name holds', () => {
    const input = gesturesPipeline('fixed', { project: 'two\nlines' })
    const text = arduinoProperties(input, 'Mote_two_lines')
    const keys = text
      .trimEnd()
      .split('\n')
      .map((l) => l.slice(0, l.indexOf('=')))
    for (const field of ARDUINO_REQUIRED_FIELDS) expect(keys).toContain(field)
    expect(text).toContain('architectures=*\n')
    expect(text).not.toMatch(/two\nlines/)
  })
})
