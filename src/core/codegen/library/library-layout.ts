/**
 * The files of an exported library (docs/export.md, "Layout"): the generated pipeline, model and DSP tables
 * in `src/`, the runtime in `src/runtime/` and the DSP blocks in `src/dsp/` as they are in resources/firmware
 * (their relative includes keep working), one-line forwarding headers in `src/` so that generated code and
 * sketches find the runtime with `src/` as the only include folder (all an Arduino library gets), and the
 * examples. Pure: the service reads the vendored sources and zips the result.
 */
import { ExportErrorCode } from '../../../shared/api/export'
import { failureMaker } from '../../../shared/errors'
import { arduinoSketch, classifyExample, MINIMAL_EXAMPLE } from './library-examples'
import { arduinoProperties, arduinoNames } from './arduino-library'
import { libraryReadme } from './library-readme'
import { pipelineFiles } from './pipeline-code'
import { onlyTensor } from './pipeline-tensors'
import type { LibraryFile, PipelineInput } from './pipeline-types'

const fail = failureMaker(ExportErrorCode)

/** The generated sources (the model's model.c comes on top). */
const pipelineFileNames = ['mote_pipeline.c', 'mote_features.c']

export type LibraryFormat = 'c' | 'arduino'

/** Vendored sources, by path relative to resources/firmware: `runtime/…` and `dsp/…` (.c and .h). */
export type VendoredSources = ReadonlyMap<string, string>

/** Headers the generated code includes by name, and where they are in the library's `src/`. */
const FORWARDED: Readonly<Record<string, string>> = {
  'mote_runtime.h': 'runtime/include/mote_runtime.h',
  'mote_kernels_s8.h': 'runtime/include/mote_kernels_s8.h',
  'mote_kernels_f32.h': 'runtime/include/mote_kernels_f32.h',
  'mote_kernels_gen_s8.h': 'runtime/include/mote_kernels_gen_s8.h',
  'mote_dsp.h': 'dsp/mote_dsp.h',
  'mote_dsp_internal.h': 'dsp/mote_dsp_internal.h',
}

/**
 * Lines added after a vendored header's include guard, so that the library builds right without -D flags
 * (an Arduino library cannot pass any): weights in program memory on AVR, and the DSP build its tables
 * were generated for.
 */
function prologues(input: PipelineInput): Readonly<Record<string, readonly string[]>> {
  const numeric = input.features.numeric.toUpperCase()
  return {
    'runtime/include/mote_runtime.h': [
      "/* Added by Mote Studio's export: AVR keeps the weights in program memory (docs/export.md). */",
      '#if defined(__AVR__) && !defined(MOTE_WEIGHTS_IN_PROGMEM)',
      '#define MOTE_WEIGHTS_IN_PROGMEM 1',
      '#endif',
    ],
    'dsp/mote_dsp.h': [
      `/* Added by Mote Studio's export: the ${input.features.numeric} build its tables were generated for. */`,
      '#if !defined(MOTE_DSP_FIXED) && !defined(MOTE_DSP_FLOAT)',
      `#define MOTE_DSP_${numeric} 1`,
      '#endif',
    ],
  }
}

/** `text` with `lines` after its include guard's `#define`; fails if the header has no guard. */
function withPrologue(path: string, text: string, lines: readonly string[]): string {
  const guard = /^#ifndef (\w+)\n#define \1\n/m.exec(text)
  if (!guard) throw fail('MissingResources', `The runtime header ${path} has no include guard to extend.`)
  const end = guard.index + guard[0].length
  return `${text.slice(0, end)}${lines.join('\n')}\n${text.slice(end)}`
}

/** The README builds every .c into one folder of objects, so no two may share a base name. */
function checkUniqueNames(paths: readonly string[]): void {
  const seen = new Map<string, string>()
  for (const path of paths.filter((p) => p.endsWith('.c'))) {
    const name = path.slice(path.lastIndexOf('/') + 1)
    const other = seen.get(name)
    if (other !== undefined) throw new Error(`two library sources are named ${name}: ${other} and ${path}`)
    seen.set(name, path)
  }
}

function vendoredFiles(input: PipelineInput, sources: VendoredSources): LibraryFile[] {
  const added = prologues(input)
  for (const needed of [...Object.values(FORWARDED), 'runtime/kernels/common/checks.c'])
    if (!sources.has(needed)) throw fail('MissingResources', `The runtime source ${needed} is missing.`)
  checkUniqueNames([...sources.keys(), ...pipelineFileNames, 'model.c'])
  return [...sources.entries()]
    .filter(([path]) => /\.(c|h)$/.test(path))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, text]) => ({
      path: `src/${path}`,
      text: added[path] ? withPrologue(path, text, added[path]) : text,
    }))
}

function forwarders(): LibraryFile[] {
  return Object.entries(FORWARDED).map(([name, target]) => ({
    path: `src/${name}`,
    text: `/* Forwards to the runtime's header, so that \`src/\` is the only include folder needed. */\n#include "${target}"\n`,
  }))
}

function generatedFiles(input: PipelineInput): LibraryFile[] {
  const { header, source } = input.model
  return [
    ...pipelineFiles(input).map((f) => ({ path: `src/${f.path}`, text: f.text })),
    { path: `src/${header.name}`, text: header.text },
    { path: `src/${source.name}`, text: source.text },
  ]
}

/** Every file of the library, under one root folder (`<root>/…`), in archive order. */
export function libraryFiles(
  input: PipelineInput,
  format: LibraryFormat,
  sources: VendoredSources,
): { readonly root: string; readonly files: readonly LibraryFile[] } {
  const names = arduinoNames(input.project)
  const root = format === 'arduino' ? names.folder : names.cFolder
  const int8Output = onlyTensor(input.graph, input.graph.outputs, 'output').dtype === 'int8'
  const common = [...generatedFiles(input), ...forwarders(), ...vendoredFiles(input, sources)]
  const extra: LibraryFile[] =
    format === 'arduino'
      ? [
          { path: 'library.properties', text: arduinoProperties(input, names.library) },
          { path: `examples/${names.example}/${names.example}.ino`, text: arduinoSketch(input.features) },
        ]
      : [
          { path: 'example/minimal.c', text: MINIMAL_EXAMPLE },
          { path: 'example/classify.c', text: classifyExample(input.features, int8Output) },
        ]
  const readme = { path: 'README.md', text: libraryReadme(input, format, names) }
  return {
    root,
    files: [readme, ...extra, ...common].map((f) => ({ path: `${root}/${f.path}`, text: f.text })),
  }
}
