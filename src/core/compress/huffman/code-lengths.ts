/**
 * Optimal length-limited prefix code lengths by the package-merge algorithm (Larmore & Hirschberg 1990):
 * for symbol weights w and a limit L, returns lengths l_i ≤ L minimising Σ w_i·l_i subject to Kraft
 * equality. Unlike plain Huffman, a skewed distribution (Fibonacci weights) can never produce a code longer
 * than the decoder's limit. O(n·L) items of n counters each: fine for n ≤ 256 symbols.
 *
 * Symbols with weight 0 get length 0 (no code). A single used symbol gets length 1, as DEFLATE does, so
 * that every value still costs one bit and the decoder needs no special case.
 */
export function limitedCodeLengths(weights: readonly number[], maxLength: number): Uint8Array {
  const n = weights.length
  const lengths = new Uint8Array(n)
  const used = weights.map((w, i) => ({ w, i })).filter((s) => s.w > 0)
  if (used.length === 0) return lengths
  if (used.length === 1) {
    lengths[used[0]!.i] = 1
    return lengths
  }
  if (2 ** maxLength < used.length) {
    throw new RangeError(`${used.length} symbols cannot be coded in at most ${maxLength} bits`)
  }
  used.sort((a, b) => a.w - b.w || a.i - b.i)
  interface Item {
    readonly weight: number
    readonly symbols: readonly number[]
  }
  const leaves: Item[] = used.map((s) => ({ weight: s.w, symbols: [s.i] }))
  let list: Item[] = leaves
  for (let level = 1; level < maxLength; level++) {
    const packages: Item[] = []
    for (let k = 0; k + 1 < list.length; k += 2) {
      packages.push({
        weight: list[k]!.weight + list[k + 1]!.weight,
        symbols: [...list[k]!.symbols, ...list[k + 1]!.symbols],
      })
    }
    list = mergeByWeight(leaves, packages)
  }
  for (const item of list.slice(0, 2 * used.length - 2)) for (const s of item.symbols) lengths[s]!++
  return lengths
}

/** Stable merge of two lists sorted by weight; leaves win ties, which keeps codes for rare symbols short. */
function mergeByWeight<T extends { weight: number }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.weight <= b[j]!.weight)) out.push(a[i++]!)
    else out.push(b[j++]!)
  }
  return out
}
