import type { SampleMeta } from '../../../src/core/dataset/sample'
import { GESTURE_AXES, GESTURE_RATE_HZ, generateGestureDataset } from '../../../src/core/demo/gestures'
import type { SampleSource } from '../../../src/core/train/data-pipeline'
import type { ProjectDesign } from '../../../src/core/train/design'
import { trainSettingsSchema } from '../../../src/core/train/settings'
import { suggestDesign } from '../../../src/core/train/suggest'

/** A small motion data set (the gestures generator: 5 labels × `perLabel` recordings of `durationS`). */
export function smallGestures(
  perLabel = 4,
  durationS = 4,
  testPerLabel = 1,
): { source: SampleSource; values: Map<string, Float32Array> } {
  const recordings = generateGestureDataset({ seed: 5, perLabel, testPerLabel, durationS })
  const samples: SampleMeta[] = recordings.map((r) => ({
    id: `g-${r.label}-${r.index}`,
    kind: 'timeseries',
    label: r.label,
    category: r.category,
    rateHz: GESTURE_RATE_HZ,
    axes: GESTURE_AXES.map((name) => ({ name, unit: 'm/s²' })),
    length: r.values.length / 3,
    source: 'test',
    createdAt: '2026-01-01T00:00:00.000Z',
  }))
  const values = new Map(samples.map((s, i) => [s.id, recordings[i]!.values]))
  return { source: { samples, load: async (id) => values.get(id)! }, values }
}

/** The suggested design (spectral features, dense MLP) with a few quick epochs. */
export function quickDesign(source: SampleSource, training: Record<string, unknown> = {}): ProjectDesign {
  const design = suggestDesign(source.samples)
  return { ...design, training: trainSettingsSchema.parse({ epochs: 3, minWindowsPerClass: 2, ...training }) }
}

export const silentContext = () => ({ progress() {}, log() {}, cancellation: { aborted: false } })
