import type { Sample, SampleMeta } from '../../../core/dataset/sample'
import { durationMs } from '../../../core/dataset/sample'
import {
  computeFeatures,
  describeFeatures,
  extractWindow,
  pca2d,
  sampleWindowCount,
  spectralFeatureNames,
  windowLayout,
} from '../../../core/dsp'
import { sampleDspMeta, type ProjectDesign } from '../../../core/train/design'
import { trainFailure } from '../../../core/train/errors'
import type { DesignSample, FeatureExplorer, SampleFeatures } from '../../../shared/api/design'

/** Pure helpers of the design service: sample lists, one window's features, the explorer's PCA. */

export function designSample(meta: SampleMeta): DesignSample {
  return {
    id: meta.id,
    label: meta.label,
    category: meta.category,
    kind: meta.kind,
    rateHz: meta.rateHz,
    axes: meta.axes.map((a) => a.name),
    durationMs: durationMs(meta),
  }
}

/** True when the sample has the design's kind, rate and axis count (the others cannot be computed). */
export function fitsDesign(design: ProjectDesign, meta: SampleMeta): boolean {
  return (
    meta.kind === design.input.kind &&
    meta.rateHz === design.input.rateHz &&
    meta.axes.length === design.input.axes.length
  )
}

export function sampleFeatures(design: ProjectDesign, sample: Sample, window: number): SampleFeatures {
  const { meta, values } = sample
  if (!fitsDesign(design, meta)) {
    throw trainFailure(
      'InputMismatch',
      `Sample ${meta.id} (${meta.kind}, ${meta.rateHz} Hz, ${meta.axes.length} axes) does not match the design's input (${design.input.kind}, ${design.input.rateHz} Hz, ${design.input.axes.length} axes). Pick another sample or change the design input.`,
    )
  }
  const dsp = sampleDspMeta(meta)
  const windowCount = sampleWindowCount(values.length, dsp, design.features)
  const at = Math.min(window, Math.max(0, windowCount - 1))
  const features = computeFeatures(values, dsp, design.features, at)
  const described = describeFeatures(dsp, design.features)
  const axes = meta.axes.map((a) => a.name)
  let raw = values
  if (meta.kind !== 'image') {
    const layout = windowLayout(design.features.window, meta.rateHz)
    raw = extractWindow(values, axes.length, at * layout.strideFrames, layout.windowFrames)
  }
  const block = design.features.blocks.length === 1 ? design.features.blocks[0]! : undefined
  return {
    sampleId: meta.id,
    label: meta.label,
    window: at,
    windowCount,
    raw,
    axes,
    rateHz: meta.rateHz,
    features,
    shape: described.shape,
    blockShapes: described.blockShapes,
    featureNames: block?.block === 'spectral' ? spectralFeatureNames(block.params, axes) : [],
  }
}

/** Which windows the explorer computes: all when there are few, else every k-th (by sample, then window). */
export function explorerPlan(design: ProjectDesign, metas: readonly SampleMeta[], maxWindows: number) {
  const counts = metas.map((m) =>
    sampleWindowCount(m.length * m.axes.length, sampleDspMeta(m), design.features),
  )
  const total = counts.reduce((a, b) => a + b, 0)
  const step = Math.max(1, Math.ceil(total / maxWindows))
  const picks: { meta: SampleMeta; windows: number[] }[] = []
  let index = 0
  metas.forEach((meta, i) => {
    const windows: number[] = []
    for (let w = 0; w < counts[i]!; w++, index++) if (index % step === 0) windows.push(w)
    if (windows.length > 0) picks.push({ meta, windows })
  })
  return { picks, total, kept: picks.reduce((n, p) => n + p.windows.length, 0) }
}

export interface ExplorerRow {
  readonly sampleId: string
  readonly window: number
  readonly label: string
  readonly features: Float32Array
}

export function explorerFromRows(
  rows: readonly ExplorerRow[],
  labels: readonly string[],
  skippedWindows: number,
): FeatureExplorer {
  const cols = rows[0]?.features.length ?? 0
  const data = new Float32Array(rows.length * cols)
  rows.forEach((r, i) => data.set(r.features, i * cols))
  const empty = rows.length < 2 || cols === 0
  const pca = empty ? undefined : pca2d({ rows: rows.length, cols, data })
  const allLabels = [...new Set([...labels, ...rows.map((r) => r.label)])]
  return {
    labels: allLabels,
    x: Float32Array.from(rows, (_, i) => pca?.points[i * 2] ?? 0),
    y: Float32Array.from(rows, (_, i) => pca?.points[i * 2 + 1] ?? 0),
    labelIndex: Int32Array.from(rows, (r) => allLabels.indexOf(r.label)),
    sampleIds: rows.map((r) => r.sampleId),
    windows: Int32Array.from(rows, (r) => r.window),
    variances: pca ? pca.variances : [0, 0],
    totalVariance: pca?.totalVariance ?? 0,
    skippedWindows,
  }
}
