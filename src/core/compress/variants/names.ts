import type { CompressOptions, VariantMethod } from '../../../shared/api/compress'
import { withDefaults } from './defaults'

/**
 * The wording of default variant names, in English: the names stored with variants and printed by the CLI.
 * `{x}` stands for a value. The renderer's locales translate the same keys (en takes these).
 */
export const VARIANT_NAME_WORDS = {
  float: 'float32 baseline',
  ptq: 'int8 PTQ',
  ptqPercentile: 'int8 PTQ (percentile {p})',
  qat: 'QAT int8',
  prune: 'pruned {what} + int8',
  filters: '{p} filters',
  sparse: '{p} sparse',
  distill: 'distilled {student} ×{width} + int8',
  student: 'student',
  cluster: 'clustered {bits}-bit + Huffman + int8',
  from: '{name} (from {base})',
} as const
export type VariantNameKey = keyof typeof VARIANT_NAME_WORDS

/** Words one phrase of a name: the user's language in the UI, `inEnglish` elsewhere. */
export type NameWording = (key: VariantNameKey, values?: Record<string, string | number>) => string

export const inEnglish: NameWording = (key, values = {}) =>
  VARIANT_NAME_WORDS[key].replace(/\{(\w+)\}/g, (all, name: string) => String(values[name] ?? all))

const pct = (x: number) => `${Math.round(x * 100)} %`

/**
 * A variant's name from its method and main setting ("pruned 50 % sparse + int8"), worded by `word`.
 * `base` names the variant it started from (`options.from`); a distilled student starts afresh.
 */
export function variantName(
  method: VariantMethod,
  o: CompressOptions,
  word: NameWording = inEnglish,
  base?: string,
): string {
  const r = withDefaults(o)
  let name: string
  switch (method) {
    case 'float':
      return word('float')
    case 'ptq':
      name = r.calibration === 'percentile' ? word('ptqPercentile', { p: r.percentile }) : word('ptq')
      break
    case 'qat':
      name = word('qat')
      break
    case 'prune': {
      const parts = [
        ...(r.filters > 0 ? [word('filters', { p: pct(r.filters) })] : []),
        ...(r.sparsity > 0 ? [word('sparse', { p: pct(r.sparsity) })] : []),
      ]
      name = word('prune', { what: parts.join(', ') })
      break
    }
    case 'distill':
      return word('distill', { student: r.studentPreset ?? word('student'), width: r.width })
    case 'cluster':
      name = word('cluster', { bits: r.bits })
  }
  return base === undefined ? name : word('from', { name, base })
}

/** The English name a new variant is stored with when the user gives none. */
export function defaultVariantName(method: VariantMethod, o: CompressOptions, baseName?: string): string {
  return variantName(method, o, inEnglish, baseName)
}
