import { CompressErrorCode } from '../../../shared/api/compress'
import { MoteFailure } from '../../../shared/errors'

export interface PolynomialSchedule {
  readonly initialSparsity: number
  readonly finalSparsity: number
  readonly beginStep: number
  readonly endStep: number
  /** 3 in Zhu & Gupta 2017 and TensorFlow Model Optimization's PolynomialDecay. */
  readonly power?: number
}

/**
 * Target sparsity at a training step (Zhu & Gupta, "To prune, or not to prune", 2017):
 * s(t) = s_f + (s_i − s_f)·(1 − (t − t_0)/(t_end − t_0))^p, clamped outside [t_0, t_end]. Pruning fast
 * early, when there are many redundant weights, and slowly near the end.
 */
export function sparsityAt(step: number, schedule: PolynomialSchedule): number {
  checkSchedule(schedule)
  const { initialSparsity: si, finalSparsity: sf, beginStep: t0, endStep: t1 } = schedule
  if (step <= t0) return si
  if (step >= t1) return sf
  const progress = (step - t0) / (t1 - t0)
  return sf + (si - sf) * (1 - progress) ** (schedule.power ?? 3)
}

export function checkSchedule(s: PolynomialSchedule): void {
  for (const v of [s.initialSparsity, s.finalSparsity]) {
    if (!(v >= 0 && v < 1)) {
      throw new MoteFailure(
        CompressErrorCode.BadSparsity,
        `Sparsity must be at least 0 and below 1 (100% would remove every weight), not ${v}.`,
      )
    }
  }
  if (!(s.endStep > s.beginStep && s.beginStep >= 0)) {
    throw new MoteFailure(
      CompressErrorCode.BadPruneSchedule,
      `The pruning schedule must end after it begins (steps ${s.beginStep} → ${s.endStep}).`,
    )
  }
}

/**
 * The mask that zeroes the `sparsity` fraction of weights with the smallest magnitude (1 = keep). Exactly
 * round(sparsity·n) weights are pruned; ties at the threshold are broken by position, so the count is exact.
 */
export function magnitudeMask(weights: Float32Array, sparsity: number): Uint8Array {
  if (!(sparsity >= 0 && sparsity < 1)) {
    throw new MoteFailure(
      CompressErrorCode.BadSparsity,
      `Sparsity must be at least 0 and below 1, not ${sparsity}.`,
    )
  }
  const prune = Math.round(sparsity * weights.length)
  const order = [...weights.keys()].sort((a, b) => Math.abs(weights[a]!) - Math.abs(weights[b]!) || a - b)
  const mask = new Uint8Array(weights.length).fill(1)
  for (let i = 0; i < prune; i++) mask[order[i]!] = 0
  return mask
}
