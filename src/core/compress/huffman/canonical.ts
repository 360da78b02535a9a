/**
 * Canonical prefix codes (as in DEFLATE, RFC 1951 §3.2.2): codes are fully determined by the code lengths,
 * assigned in order of (length, symbol), so a decoder needs only the count of codes per length and the
 * symbols in that order. This is what the C runtime on the board decodes.
 */
export interface CanonicalCode {
  /** counts[l] = number of codes of length l, for l = 1…maxLength (counts[0] is unused and 0). */
  readonly counts: Uint16Array
  /** Symbols ordered by (code length, symbol value). */
  readonly symbols: Uint8Array
  /** Code and length per symbol value (length 0 = symbol unused). */
  readonly codes: Uint32Array
  readonly lengths: Uint8Array
  readonly maxLength: number
}

export function canonicalCode(lengths: Uint8Array, maxLength: number): CanonicalCode {
  const counts = new Uint16Array(maxLength + 1)
  for (const l of lengths) if (l > 0) counts[l]!++
  const order = [...lengths.keys()]
    .filter((s) => lengths[s]! > 0)
    .sort((a, b) => lengths[a]! - lengths[b]! || a - b)
  const codes = new Uint32Array(lengths.length)
  let code = 0
  let previousLength = 0
  for (const symbol of order) {
    const length = lengths[symbol]!
    code <<= length - previousLength
    codes[symbol] = code
    code++
    previousLength = length
  }
  return { counts, symbols: Uint8Array.from(order), codes, lengths, maxLength }
}
