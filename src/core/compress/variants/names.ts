import type { CompressOptions, VariantMethod } from '../../../shared/api/compress'

const pct = (x: number) => `${Math.round(x * 100)} %`

/** The default name of a variant: the method and its main setting ("pruned 50 % + int8"). */
export function defaultVariantName(method: VariantMethod, o: CompressOptions, baseName?: string): string {
  const from = baseName ? ` (from ${baseName})` : ''
  switch (method) {
    case 'float':
      return 'float32 baseline'
    case 'ptq':
      return `int8 PTQ${o.calibration === 'percentile' ? ` (percentile ${o.percentile ?? 99.99})` : ''}${from}`
    case 'qat':
      return `QAT int8${from}`
    case 'prune': {
      const parts = [
        ...(o.filters ? [`${pct(o.filters)} filters`] : []),
        ...((o.sparsity ?? (o.filters ? 0 : 0.5)) > 0 ? [`${pct(o.sparsity ?? 0.5)} sparse`] : []),
      ]
      return `pruned ${parts.join(', ')} + int8${from}`
    }
    case 'distill':
      return `distilled ${o.studentPreset ?? 'student'} ×${o.width ?? 0.5} + int8`
    case 'cluster':
      return `clustered ${o.bits ?? 4}-bit + Huffman + int8${from}`
  }
}
