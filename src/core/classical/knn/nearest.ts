import type { NumericMode } from '../learner'

/**
 * The labels of the k prototypes nearest to `row`, nearest first — the TypeScript twin of the generated C's
 * loop: squared distances summed feature by feature (float32 roundings in float mode, exact integers in
 * fixed mode), a prototype entering the list only when strictly nearer than its last entry, and shifting
 * past entries strictly farther, so equal distances keep the earlier prototype first.
 */
export function nearestVotes(
  row: ArrayLike<number>,
  prototypes: readonly number[],
  labels: readonly number[],
  k: number,
  numeric: NumericMode,
): number[] {
  const d = row.length
  const kk = Math.min(k, labels.length)
  const bestD: number[] = []
  const bestL: number[] = []
  for (let i = 0; i < labels.length; i++) {
    const dist =
      numeric === 'float' ? floatDistance(row, prototypes, i * d) : intDistance(row, prototypes, i * d)
    let pos: number
    if (bestD.length < kk) pos = bestD.length
    else if (dist < bestD[kk - 1]!) pos = kk - 1
    else continue
    while (pos > 0 && bestD[pos - 1]! > dist) {
      bestD[pos] = bestD[pos - 1]!
      bestL[pos] = bestL[pos - 1]!
      pos--
    }
    bestD[pos] = dist
    bestL[pos] = labels[i]!
  }
  return bestL
}

function floatDistance(row: ArrayLike<number>, p: readonly number[], base: number): number {
  let sum = 0
  for (let j = 0; j < row.length; j++) {
    const t = Math.fround(row[j]! - p[base + j]!)
    sum = Math.fround(sum + Math.fround(t * t))
  }
  return sum
}

function intDistance(row: ArrayLike<number>, p: readonly number[], base: number): number {
  let sum = 0
  for (let j = 0; j < row.length; j++) {
    const t = row[j]! - p[base + j]!
    sum += t * t
  }
  return sum
}
