import {
  COMPRESS_DEFAULTS,
  FINE_TUNE_DEFAULTS,
  type CompressMethod,
  type CompressOptions,
  type VariantMethod,
} from '../../../shared/api/compress'
import { withDefaults } from './defaults'

/**
 * The wording of default variant names, in English: the names stored with variants and printed by the CLI.
 * `{x}` stands for a value. The renderer's locales translate the same keys (en takes these).
 */
export const VARIANT_NAME_WORDS = {
  float: 'float32 baseline',
  ptq: 'int8 PTQ',
  qat: 'QAT int8',
  prune: 'pruned {what} + int8',
  filters: '{p} filters',
  sparse: '{p} sparse',
  distill: 'distilled {student} ×{width} + int8',
  student: 'student',
  cluster: 'clustered {bits}-bit + Huffman + int8',
  settings: '{name} ({settings})',
  listSeparator: ', ',
  percentile: 'percentile {p}',
  perChannelDense: 'per-channel dense',
  epochs: '{n} epochs',
  learningRate: 'learning rate {x}',
  temperature: 'temperature {t}',
  alpha: 'α {a}',
  from: 'from {base}',
  imported: 'imported .tflite',
} as const
export type VariantNameKey = keyof typeof VARIANT_NAME_WORDS

/** Words one phrase of a name: the user's language in the UI, `inEnglish` elsewhere. */
export type NameWording = (key: VariantNameKey, values?: Record<string, string | number>) => string

export const inEnglish: NameWording = (key, values = {}) =>
  VARIANT_NAME_WORDS[key].replace(/\{(\w+)\}/g, (all, name: string) => String(values[name] ?? all))

const pct = (x: number) => `${Math.round(x * 100)} %`

/**
 * The settings a method reads that are not at their defaults, worded: two variants of one method whose
 * settings differ never share a name ("int8 PTQ" and "int8 PTQ (per-channel dense)"). A method's main
 * setting (sparsity, bits, student) is in its own phrase; fine-tuning epochs count only for the methods
 * whose default is a fixed number, since "the design's" cannot be compared here.
 */
function settingPhrases(method: CompressMethod, o: CompressOptions, word: NameWording): string[] {
  const r = withDefaults(o)
  const fineTunes = method !== 'ptq'
  const defaultEpochs = FINE_TUNE_DEFAULTS[method].epochs
  return [
    ...(fineTunes && o.epochs !== undefined && o.epochs !== defaultEpochs
      ? [word('epochs', { n: o.epochs })]
      : []),
    ...(fineTunes && o.learningRate !== undefined ? [word('learningRate', { x: o.learningRate })] : []),
    ...(method === 'distill' && r.temperature !== COMPRESS_DEFAULTS.temperature
      ? [word('temperature', { t: r.temperature })]
      : []),
    ...(method === 'distill' && r.alpha !== COMPRESS_DEFAULTS.alpha ? [word('alpha', { a: r.alpha })] : []),
    ...(r.calibration === 'percentile' ? [word('percentile', { p: r.percentile })] : []),
    ...(r.perChannelDense ? [word('perChannelDense')] : []),
  ]
}

/** The method's own phrase with its main setting ("pruned 50 % sparse + int8"). */
function methodPhrase(method: CompressMethod, o: CompressOptions, word: NameWording): string {
  const r = withDefaults(o)
  switch (method) {
    case 'ptq':
      return word('ptq')
    case 'qat':
      return word('qat')
    case 'prune': {
      const parts = [
        ...(r.filters > 0 ? [word('filters', { p: pct(r.filters) })] : []),
        ...(r.sparsity > 0 ? [word('sparse', { p: pct(r.sparsity) })] : []),
      ]
      return word('prune', { what: parts.join(word('listSeparator')) })
    }
    case 'distill':
      return word('distill', { student: r.studentPreset ?? word('student'), width: r.width })
    case 'cluster':
      return word('cluster', { bits: r.bits })
  }
}

/**
 * A variant's name from its method and settings ("pruned 50 % sparse + int8 (3 epochs)"), worded by `word`:
 * the method's phrase, then every other setting that is not at its default, so that names say what
 * differs. `base` names the variant it started from (`options.from`); a distilled student starts afresh.
 */
export function variantName(
  method: VariantMethod,
  o: CompressOptions,
  word: NameWording = inEnglish,
  base?: string,
): string {
  if (method === 'float') return word('float')
  if (method === 'imported') return word('imported')
  const from = base === undefined || method === 'distill' ? [] : [word('from', { base })]
  const settings = [...settingPhrases(method, o, word), ...from]
  const phrase = methodPhrase(method, o, word)
  return settings.length
    ? word('settings', { name: phrase, settings: settings.join(word('listSeparator')) })
    : phrase
}

/** The English name a new variant is stored with when the user gives none. */
export function defaultVariantName(method: VariantMethod, o: CompressOptions, baseName?: string): string {
  return variantName(method, o, inEnglish, baseName)
}
