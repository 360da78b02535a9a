/**
 * The largest n in [lo, hi] for which `fits(n)` holds, given that `fits` is monotone (true up to some n,
 * false after) and `fits(lo)` is true: a binary search, for turning a byte budget into a count.
 */
export function largestWithin(lo: number, hi: number, fits: (n: number) => boolean): number {
  let a = lo
  let b = hi
  while (a < b) {
    const m = Math.floor((a + b + 1) / 2)
    if (fits(m)) a = m
    else b = m - 1
  }
  return a
}
