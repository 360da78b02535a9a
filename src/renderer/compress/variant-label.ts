import { variantName, type VariantNameKey } from '../../core/compress/variants/names'
import type { Variant } from '../../shared/api/compress'

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * A variant's name in the user's language: the name the user gave it, or core's default name (the one the
 * CLI prints in English) worded through the locale. A variant started from another names that one too.
 */
export function variantLabel(v: Variant, all: readonly Variant[], t: Translate, depth = 0): string {
  if (v.options.name) return v.options.name
  const word = (key: VariantNameKey, values?: Record<string, string | number>) =>
    t(`views.compress.names.${key}`, values)
  const from = v.options.from
  const base = from ? all.find((b) => b.id === from) : undefined
  const baseLabel = base && depth < 4 ? variantLabel(base, all, t, depth + 1) : from
  return variantName(v.method, v.options, word, baseLabel)
}
