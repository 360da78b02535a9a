import type { Category, SampleMeta } from '../../shared/api/dataset'

/**
 * The Dataset view's filters and sort, as plain functions of the sample list (tested without a store).
 * Each filter is null for "all"; `axes` is the axis names joined by ", ", as the table shows them.
 */
export interface SampleFilter {
  readonly label: string | null
  readonly category: Category | null
  readonly source: string | null
  readonly rateHz: number | null
  readonly axes: string | null
  /** Only the samples that do not match the design (the ids the dataset service lists). */
  readonly mismatchedOnly: boolean
}

export const NO_FILTER: SampleFilter = {
  label: null,
  category: null,
  source: null,
  rateHz: null,
  axes: null,
  mismatchedOnly: false,
}

export type SortKey = 'createdAt' | 'label' | 'source' | 'rateHz' | 'axes' | 'duration'
export interface SampleSort {
  readonly key: SortKey
  readonly descending: boolean
}

export function axesText(meta: Pick<SampleMeta, 'axes'>): string {
  return meta.axes.map((a) => a.name).join(', ')
}

function durationOf(m: SampleMeta): number {
  return m.rateHz > 0 ? m.length / m.rateHz : 0
}

const COMPARE: Readonly<Record<SortKey, (a: SampleMeta, b: SampleMeta) => number>> = {
  createdAt: (a, b) => a.createdAt.localeCompare(b.createdAt),
  label: (a, b) => a.label.localeCompare(b.label),
  source: (a, b) => a.source.localeCompare(b.source),
  rateHz: (a, b) => a.rateHz - b.rateHz,
  axes: (a, b) => axesText(a).localeCompare(axesText(b)),
  duration: (a, b) => durationOf(a) - durationOf(b),
}

/** The samples that pass every filter, sorted (stable: ties keep the service's order). */
export function filterSamples(
  samples: readonly SampleMeta[],
  filter: SampleFilter,
  sort: SampleSort | null,
  mismatched: ReadonlySet<string>,
): SampleMeta[] {
  const kept = samples.filter(
    (s) =>
      (filter.label === null || s.label === filter.label) &&
      (filter.category === null || s.category === filter.category) &&
      (filter.source === null || s.source === filter.source) &&
      (filter.rateHz === null || s.rateHz === filter.rateHz) &&
      (filter.axes === null || axesText(s) === filter.axes) &&
      (!filter.mismatchedOnly || mismatched.has(s.id)),
  )
  if (sort === null) return kept
  const compare = COMPARE[sort.key]
  return kept.sort((a, b) => (sort.descending ? -compare(a, b) : compare(a, b)))
}

/** The distinct values of one column, for its filter's menu: sorted, each with how many samples have it. */
export function facet<T extends string | number>(
  samples: readonly SampleMeta[],
  valueOf: (s: SampleMeta) => T,
): { value: T; count: number }[] {
  const counts = new Map<T, number>()
  for (const s of samples) counts.set(valueOf(s), (counts.get(valueOf(s)) ?? 0) + 1)
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
}

/** Lower case, spaces collapsed and trimmed: "Wave ", "wave" and "WAVE" are one label to a person. */
export function labelKey(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase()
}

/**
 * An existing label that differs from `label` only by case or spaces (so relabelling to it would most
 * likely split a class in two), or null when there is none or it is exactly `label`.
 */
export function nearDuplicateLabel(label: string, existing: readonly string[]): string | null {
  const key = labelKey(label)
  const wanted = label.trim()
  return existing.find((l) => l !== wanted && labelKey(l) === key) ?? null
}
