import { anomalyFailure } from './errors'

/**
 * The TypeScript model of the on-device learning mode (resources/firmware/anomaly/mote_anomaly_learn.c):
 * a diagonal Gaussian learnt by Welford's running mean and variance in integers, bit for bit as the board
 * computes it (the C file's header gives the arithmetic). Partial products stay below 2⁵³ and are exact in
 * doubles; the two divisions whose quotient can exceed 2⁴⁰ (variance, score terms) go through BigInt so that
 * they truncate exactly as the C's integer division does.
 */
export const ON_DEVICE_INPUT_SCALE = 64
export const ON_DEVICE_MAX_WINDOWS = 4096
const U32_MAX = 4294967295

export interface OnDeviceModel {
  readonly count: number
  /** Q8 of the input unit, int32. */
  readonly mean: Int32Array
  /** Input units², 1 … 2³² − 1. */
  readonly variance: Uint32Array
}

/** Features to the board's int16 input: round(x · 64) half away from zero, clamped to ±32767. */
export function onDeviceInput(row: ArrayLike<number>): Int16Array {
  return Int16Array.from({ length: row.length }, (_, j) => {
    const v = row[j]! * ON_DEVICE_INPUT_SCALE
    const r = v >= 0 ? Math.floor(v + 0.5) : -Math.floor(-v + 0.5)
    return Math.max(-32767, Math.min(32767, r))
  })
}

/** Learns from windows in order (as the board sees them) and finishes the model. */
export function learnOnDevice(windows: readonly Int16Array[]): OnDeviceModel {
  if (windows.length < 2 || windows.length > ON_DEVICE_MAX_WINDOWS)
    throw anomalyFailure(
      'AnomalyBadParams',
      `On-device learning takes 2 to ${ON_DEVICE_MAX_WINDOWS} windows (got ${windows.length}).`,
    )
  const d = windows[0]!.length
  const mean = new Int32Array(d)
  const m2 = new Float64Array(d)
  windows.forEach((q, i) => {
    const n = i + 1
    for (let j = 0; j < d; j++) {
      const x = q[j]! * 256
      const delta = x - mean[j]!
      mean[j] = mean[j]! + Math.trunc(delta / n)
      m2[j] = m2[j]! + Math.floor((delta * (x - mean[j]!)) / 65536)
    }
  })
  const n = BigInt(windows.length)
  const variance = Uint32Array.from(m2, (s) => {
    const v = BigInt(s) / n
    return v < 1n ? 1 : v > BigInt(U32_MAX) ? U32_MAX : Number(v)
  })
  return { count: windows.length, mean, variance }
}

/** The board's score: Σ floor((256·q − mean)² / var), saturating at 2³² − 1. */
export function onDeviceScore(model: OnDeviceModel, q: Int16Array): number {
  let score = 0
  for (let j = 0; j < q.length; j++) {
    const diff = BigInt(q[j]! * 256 - model.mean[j]!)
    const term = Number((diff * diff) / BigInt(model.variance[j]!))
    score = Math.min(U32_MAX, score + term)
  }
  return score
}
