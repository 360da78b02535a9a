/**
 * Evaluation of anomaly scores against labels (true = anomaly): the ROC curve and its area. A higher score
 * means more anomalous.
 */
export interface RocPoint {
  /** Alarm when score > threshold. */
  readonly threshold: number
  readonly falseAlarmRate: number
  readonly detectionRate: number
}

/**
 * The area under the ROC curve as the Mann–Whitney statistic: the probability that a random anomaly scores
 * above a random normal window, ties counting one half. Needs both kinds of window.
 */
export function rocAuc(scores: ArrayLike<number>, anomalous: ArrayLike<boolean>): number {
  const order = rankOrder(scores)
  let rankSumAnomalous = 0
  let positives = 0
  for (let i = 0; i < order.length;) {
    let j = i
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++
    const midRank = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) {
      if (anomalous[order[k]!]) {
        rankSumAnomalous += midRank
        positives++
      }
    }
    i = j + 1
  }
  const negatives = order.length - positives
  if (positives === 0 || negatives === 0) return Number.NaN
  return (rankSumAnomalous - (positives * (positives + 1)) / 2) / (positives * negatives)
}

/**
 * The ROC curve: one point per distinct score (alarm when score > threshold), from (0, 0) at the largest
 * score to (1, 1) below the smallest (threshold −Number.MAX_VALUE); at most `maxPoints` points, evenly picked, so a plot stays light.
 */
export function rocCurve(
  scores: ArrayLike<number>,
  anomalous: ArrayLike<boolean>,
  maxPoints = 200,
): RocPoint[] {
  const order = rankOrder(scores).reverse()
  let positives = 0
  for (let i = 0; i < order.length; i++) if (anomalous[i]) positives++
  const negatives = order.length - positives
  // Thresholds stay finite so that a report is plain JSON: above the largest score, below the smallest.
  const top = order.length > 0 ? scores[order[0]!]! : 0
  const points: RocPoint[] = [{ threshold: top, falseAlarmRate: 0, detectionRate: 0 }]
  let [tp, fp] = [0, 0]
  for (let i = 0; i < order.length; i++) {
    if (anomalous[order[i]!]) tp++
    else fp++
    const score = scores[order[i]!]!
    if (i + 1 < order.length && scores[order[i + 1]!] === score) continue
    const next = i + 1 < order.length ? scores[order[i + 1]!]! : -Number.MAX_VALUE
    points.push({
      threshold: next,
      falseAlarmRate: negatives > 0 ? fp / negatives : 0,
      detectionRate: positives > 0 ? tp / positives : 0,
    })
  }
  if (points.length <= maxPoints) return points
  const step = (points.length - 1) / (maxPoints - 1)
  return Array.from({ length: maxPoints }, (_, k) => points[Math.round(k * step)]!)
}

/** Indices sorted by score ascending (stable). */
function rankOrder(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b)
}
