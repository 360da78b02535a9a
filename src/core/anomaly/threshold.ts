import { anomalyFailure } from './errors'

/**
 * The alarm threshold for a target false-alarm rate p, from the scores of held-out normal windows (not the
 * ones the model was fitted on, whose scores are optimistic): the smallest held-out score t such that at
 * most ⌊p·n⌋ of the n held-out scores are above it. An alarm is `score > t`, so on the held-out windows the
 * false-alarm rate is at most p (less where scores tie); on new normal data it is p within sampling error
 * (about √(p(1−p)/n)).
 */
export function thresholdForFalseAlarmRate(heldOutScores: ArrayLike<number>, rate: number): number {
  if (!(rate >= 0 && rate < 1))
    throw anomalyFailure(
      'AnomalyBadParams',
      `The false-alarm rate must be at least 0 and below 1 (got ${rate}).`,
    )
  const n = heldOutScores.length
  if (n === 0)
    throw anomalyFailure(
      'AnomalyBadData',
      'A threshold needs held-out normal windows: keep some normal samples out of training (the validation split).',
    )
  const sorted = Float64Array.from(heldOutScores).sort()
  const allowedAbove = Math.floor(rate * n + 1e-9)
  return sorted[n - 1 - allowedAbove]!
}

/** The share of scores above the threshold (alarms). */
export function alarmRate(scores: ArrayLike<number>, threshold: number): number {
  let above = 0
  for (let i = 0; i < scores.length; i++) if (scores[i]! > threshold) above++
  return scores.length === 0 ? 0 : above / scores.length
}
