import type { DatasetCounts, LabelCounts } from '../../shared/api/dataset'
import { durationMs, type SampleMeta } from './sample'

/** Samples per label and category, labels sorted; what `mote dataset` prints and the bar chart draws. */
export function datasetCounts(samples: readonly SampleMeta[]): DatasetCounts {
  const byLabel = new Map<string, { training: number; testing: number; durationMs: number }>()
  for (const s of samples) {
    const c = byLabel.get(s.label) ?? { training: 0, testing: 0, durationMs: 0 }
    c[s.category]++
    c.durationMs += durationMs(s)
    byLabel.set(s.label, c)
  }
  const labels: LabelCounts[] = [...byLabel.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, c]) => ({ label, ...c }))
  const training = labels.reduce((n, l) => n + l.training, 0)
  const testing = labels.reduce((n, l) => n + l.testing, 0)
  return { labels, training, testing, total: training + testing }
}
