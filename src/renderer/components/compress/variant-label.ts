import type { Variant } from '../../../shared/api/compress'

type Translate = (key: string, values?: Record<string, unknown>) => string

const pct = (x: number) => `${Math.round(x * 100)} %`

/**
 * A variant's name in the user's language: the name the user gave it, or one built from its method and
 * settings (the same wording as `defaultVariantName` in core, which the CLI prints in English).
 */
export function variantLabel(v: Variant, all: readonly Variant[], t: Translate, depth = 0): string {
  if (v.options.name) return v.options.name
  const o = v.options
  const k = (key: string, values?: Record<string, unknown>) => t(`views.compress.names.${key}`, values)
  let label: string
  switch (v.method) {
    case 'float':
      return k('float')
    case 'ptq':
      label = o.calibration === 'percentile' ? k('ptqPercentile', { p: o.percentile ?? 99.99 }) : k('ptq')
      break
    case 'qat':
      label = k('qat')
      break
    case 'prune': {
      const sparsity = o.sparsity ?? (o.filters ? 0 : 0.5)
      const parts = [
        ...(o.filters ? [k('filters', { p: pct(o.filters) })] : []),
        ...(sparsity > 0 ? [k('sparse', { p: pct(sparsity) })] : []),
      ]
      label = k('prune', { what: parts.join(', ') })
      break
    }
    case 'distill':
      return k('distill', { student: o.studentPreset ?? k('student'), width: o.width ?? 0.5 })
    case 'cluster':
      label = k('cluster', { bits: o.bits ?? 4 })
  }
  const base = o.from ? all.find((b) => b.id === o.from) : undefined
  if (!o.from) return label
  const baseLabel = base && depth < 4 ? variantLabel(base, all, t, depth + 1) : o.from
  return k('from', { name: label, base: baseLabel })
}
