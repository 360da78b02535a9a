/**
 * Anomaly detection on the vibration demo (issue 15): `npm run bench anomaly`.
 *
 * The demo's recordings (src/core/demo/vibration.ts) through its design's spectral features; each learner
 * fitted on the normal training windows, its threshold set for a 1 % false-alarm rate on held-out normal
 * windows; printed per learner: AUC on the test split (normal windows against all faults and per fault),
 * false-alarm and detection rates at the threshold, and training time against the time of computing the
 * features (the baseline, measured in the same run). Goal: AUC ≥ 0.95.
 */
import { loadavg } from 'node:os'
import {
  ANOMALY_KINDS,
  anomalyWindows,
  evaluateDetector,
  fitDetector,
  learnOnDevice,
  onDeviceInput,
  onDeviceScore,
  parseAnomalySettings,
  rocAuc,
  rowOf,
} from '../src/core/anomaly'
import { VIBRATION_LABELS } from '../src/core/demo/vibration'
import { vibrationDesign, vibrationSamples } from '../src/main/services/demo/vibration-demo'

const samples = vibrationSamples(new Date(0))
const design = vibrationDesign(samples)
const byId = new Map(samples.map((s) => [s.meta.id, s]))
const source = { samples: samples.map((s) => s.meta), load: async (id: string) => byId.get(id)!.values }

const started = performance.now()
const windows = await anomalyWindows(design, source)
const featureMs = performance.now() - started
console.log(
  `vibration demo: ${windows.fit.rows} fit / ${windows.heldOut.rows} held-out normal windows, ${windows.test.rows} test windows of ${windows.fit.cols} features (${featureMs.toFixed(0)} ms to compute, load ${loadavg()[0]!.toFixed(1)})`,
)
const labelOf = windows.testSampleIds.map((id) => byId.get(id)!.meta.label)
const faults = VIBRATION_LABELS.filter((l) => l !== 'normal')
console.log(
  `learner       AUC    ${faults.map((f) => f.padEnd(10)).join(' ')} FAR@thr  det@thr  train (× features)`,
)
let worst = 1
for (const kind of ANOMALY_KINDS) {
  const t0 = performance.now()
  const detector = fitDetector(parseAnomalySettings({ kind }), windows.fit, windows.heldOut)
  const trainMs = performance.now() - t0
  const result = evaluateDetector(detector, windows.test, windows.testAnomalous)
  const perFault = faults.map((fault) => {
    const keep = labelOf.map((l) => l === 'normal' || l === fault)
    return rocAuc(
      result.scores.filter((_, i) => keep[i]),
      labelOf.filter((_, i) => keep[i]).map((l) => l !== 'normal'),
    )
  })
  worst = Math.min(worst, result.auc)
  console.log(
    `${kind.padEnd(12)}  ${result.auc.toFixed(4)} ${perFault.map((a) => a.toFixed(4).padEnd(10)).join(' ')} ${(100 * result.falseAlarmRate).toFixed(1).padStart(5)} %  ${(100 * result.detectionRate).toFixed(1).padStart(5)} %  ${trainMs.toFixed(0)} ms (${(trainMs / featureMs).toFixed(2)}×)`,
  )
}
{
  // The on-device learning mode's model (diagonal Gaussian, Welford in integers) on the same windows.
  const t0 = performance.now()
  const rows = (t: typeof windows.fit) => Array.from({ length: t.rows }, (_, r) => onDeviceInput(rowOf(t, r)))
  const model = learnOnDevice(rows(windows.fit))
  const scores = rows(windows.test).map((q) => onDeviceScore(model, q))
  const trainMs = performance.now() - t0
  console.log(
    `${'on-device'.padEnd(12)}  ${rocAuc(scores, windows.testAnomalous).toFixed(4)} (diagonal Gaussian learnt in integers, the board's arithmetic; ${trainMs.toFixed(0)} ms)`,
  )
}
console.log(
  `goal AUC ≥ 0.95 for every host learner: ${worst >= 0.95 ? 'met' : 'NOT met'} (lowest ${worst.toFixed(4)})`,
)
