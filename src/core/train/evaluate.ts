import type { ClassMetrics, Evaluation, Misclassified } from '../../shared/api/train'
import type { WindowRef } from './data-pipeline'

export type { ClassMetrics, Evaluation, Misclassified } from '../../shared/api/train'

const EPSILON = 1e-7

/**
 * Metrics of class probabilities `probabilities` (row-major count × classes) against true class indices.
 * The prediction is the arg max (the lowest index on ties).
 */
export function evaluatePredictions(
  probabilities: Float32Array,
  truth: Int32Array,
  labels: readonly string[],
  refs: readonly WindowRef[],
  maxMisclassified = 200,
): Evaluation {
  const k = labels.length
  const count = truth.length
  const confusion = labels.map(() => new Array<number>(k).fill(0))
  let lossSum = 0
  const wrong: Misclassified[] = []
  for (let i = 0; i < count; i++) {
    const row = probabilities.subarray(i * k, i * k + k)
    let best = 0
    for (let c = 1; c < k; c++) if (row[c]! > row[best]!) best = c
    const t = truth[i]!
    confusion[t]![best]!++
    lossSum -= Math.log(Math.min(1 - EPSILON, Math.max(EPSILON, row[t]!)))
    if (best !== t) {
      const ref = refs[i]
      wrong.push({
        sampleId: ref?.sampleId ?? '',
        window: ref?.window ?? 0,
        label: labels[t]!,
        predicted: labels[best]!,
        confidence: row[best]!,
      })
    }
  }
  const perClass = labels.map((label, c): ClassMetrics => {
    const tp = confusion[c]![c]!
    const support = confusion[c]!.reduce((a, b) => a + b, 0)
    const predicted = confusion.reduce((a, row) => a + row[c]!, 0)
    const precision = predicted === 0 ? 0 : tp / predicted
    const recall = support === 0 ? 0 : tp / support
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
    return { label, precision, recall, f1, support }
  })
  const correct = labels.reduce((a, _, c) => a + confusion[c]![c]!, 0)
  wrong.sort((a, b) => b.confidence - a.confidence)
  return {
    count,
    accuracy: count === 0 ? 0 : correct / count,
    loss: count === 0 ? 0 : lossSum / count,
    confusion,
    perClass,
    misclassified: wrong.slice(0, maxMisclassified),
  }
}
