import {
  VIBRATION_AXES,
  VIBRATION_LABELS,
  VIBRATION_RATE_HZ,
  generateVibrationDataset,
} from '../../../core/demo/vibration'
import type { Sample } from '../../../core/dataset/sample'
import { parseFeatureDesign } from '../../../core/dsp'
import { buildPreset } from '../../../core/model'
import type { ProjectDesign } from '../../../core/train/design'
import { featureShapeOf } from '../../../core/train/design'
import { suggestDesign } from '../../../core/train/suggest'

/** The vibration demo's samples and design: what `mote demo create vibration` writes into the new project. */

const pad = (n: number) => String(n).padStart(3, '0')

export function vibrationSamples(now: Date): Sample[] {
  return generateVibrationDataset().map((r) => ({
    meta: {
      id: `vibration-${r.label}-${pad(r.index)}`,
      kind: 'timeseries',
      label: r.label,
      category: r.category,
      rateHz: VIBRATION_RATE_HZ,
      axes: VIBRATION_AXES.map((name) => ({ name, unit: 'm/s²' })),
      length: r.values.length / 3,
      source: `vibration demo (synthetic motor at ${r.speedHz} Hz)`,
      createdAt: now.toISOString(),
    },
    values: r.values,
  }))
}

/**
 * Vibration: 256 ms windows every 128 ms at 1 kHz, spectral features per axis (rms, skewness, kurtosis,
 * log band powers in 18 bands from 5 Hz to Nyquist; no peak frequencies, whose jumps between
 * tones made normal windows look odd) — 3 × 21 = 63 features, which
 * the anomaly learners (docs/anomaly.md) read. The labels are all four, for the test split's evaluation;
 * only "normal" has training samples, so the classifier's training refuses it and says why.
 */
export function vibrationDesign(samples: readonly Sample[]): ProjectDesign {
  const base = suggestDesign(samples.map((s) => s.meta))
  const features = parseFeatureDesign({
    window: { lengthMs: 256, strideMs: 128 },
    blocks: [
      {
        block: 'spectral',
        params: {
          fftLength: 256,
          peaksCount: 0,
          bandEdgesHz: [5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 90, 110, 130, 160, 200, 250, 320, 400, 500],
          logPower: true,
        },
      },
    ],
  })
  const shape = featureShapeOf({ input: base.input, features })
  return {
    ...base,
    features,
    labels: VIBRATION_LABELS,
    model: buildPreset('dense-mlp', shape, VIBRATION_LABELS.length),
    preset: 'dense-mlp',
    presetWidth: 1,
  }
}
