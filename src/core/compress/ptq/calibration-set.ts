/**
 * Choosing and checking the representative set that calibration runs on. Ranges measured on one class only
 * (or on a few near-silent windows) clip the activations of every other class, and the int8 model then
 * fails exactly where the float one worked — so such a set is refused with the fix rather than used.
 */
import { compressFailure } from '../errors'

/** Feature windows with class labels (the shape of `WindowSet` in core/train, without its refs). */
export interface LabelledWindows {
  readonly count: number
  readonly featureSize: number
  readonly features: Float32Array
  readonly labels: Int32Array
}

/**
 * Fails (14401/14402) for an empty set, a set with one class only, or one missing a class of `labels`.
 * `labels` are the class names in index order.
 */
export function checkCalibrationSet(classOf: Int32Array, labels: readonly string[]): void {
  if (classOf.length === 0)
    throw compressFailure(
      'EmptyCalibration',
      'The calibration set is empty: quantization needs example windows to measure activation ranges. Add training samples.',
    )
  const present = new Set(classOf)
  const missing = labels.filter((_, c) => !present.has(c))
  if (present.size < 2)
    throw compressFailure(
      'UnrepresentativeCalibration',
      `The calibration set holds only class "${labels[classOf[0]!] ?? classOf[0]}": ranges measured on one class clip the others. Calibrate on windows of every class.`,
    )
  if (missing.length > 0)
    throw compressFailure(
      'UnrepresentativeCalibration',
      `The calibration set has no windows of ${missing.map((l) => `"${l}"`).join(', ')}, so their activations would be clipped. Add training samples of those classes.`,
    )
}

/** A chosen calibration subset: one feature vector (a view into the set) and its class per window. */
export interface CalibrationWindows {
  readonly inputs: readonly Float32Array[]
  readonly labels: Int32Array
}

/**
 * Up to about `maxCount` windows, spread evenly over each class (every k-th window of the class, at least one
 * per class), so that a cap keeps every class in proportion. Deterministic.
 */
export function selectCalibrationWindows(set: LabelledWindows, maxCount: number): CalibrationWindows {
  const byClass = new Map<number, number[]>()
  set.labels.forEach((c, i) => {
    const rows = byClass.get(c) ?? []
    rows.push(i)
    byClass.set(c, rows)
  })
  const share = Math.min(1, maxCount / Math.max(1, set.count))
  const rows: number[] = []
  for (const indices of byClass.values()) {
    const take = Math.max(1, Math.round(indices.length * share))
    for (let k = 0; k < take; k++) rows.push(indices[Math.floor((k * indices.length) / take)]!)
  }
  rows.sort((a, b) => a - b)
  return {
    inputs: rows.map((r) => set.features.subarray(r * set.featureSize, (r + 1) * set.featureSize)),
    labels: Int32Array.from(rows, (r) => set.labels[r]!),
  }
}
