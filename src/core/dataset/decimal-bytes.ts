import { parseDecimal } from './float-text'
import { decodeUtf8 } from '../util/text-codecs'

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i)

/**
 * `parseDecimal` on the ASCII bytes `[from, to)` without making a string: the same strict syntax (optional
 * sign, digits with an optional fraction, optional exponent; nothing else) and the same value. Up to 15
 * significant digits with a decimal exponent within ±22 are converted as `m / 10^k` or `m · 10^k`, which is
 * correctly rounded (both operands exact, one IEEE operation: Clinger's fast path) and so equal to
 * `Number(text)`; anything else goes through `parseDecimal` itself. `undefined` when it is not a number
 * or does not fit a float32.
 */
export function parseDecimalBytes(bytes: Uint8Array, from: number, to: number): number | undefined {
  let i = from
  const negative = bytes[i] === 45
  if (negative || bytes[i] === 43) i++
  let mantissa = 0
  let digits = 0
  let places = 0
  let integerDigits = 0
  for (; i < to && isDigit(bytes[i]!); i++, integerDigits++) {
    if (digits > 0 || bytes[i] !== 48) digits++
    mantissa = mantissa * 10 + (bytes[i]! - 48)
  }
  let fractionDigits = 0
  if (i < to && bytes[i] === 46) {
    for (i++; i < to && isDigit(bytes[i]!); i++, fractionDigits++) {
      if (digits > 0 || bytes[i] !== 48) digits++
      mantissa = mantissa * 10 + (bytes[i]! - 48)
      places++
    }
  }
  if (integerDigits + fractionDigits === 0) return undefined
  let exponent = 0
  if (i < to && (bytes[i] === 101 || bytes[i] === 69)) {
    i++
    const expNegative = bytes[i] === 45
    if (expNegative || bytes[i] === 43) i++
    const start = i
    for (; i < to && isDigit(bytes[i]!); i++) if (i - start < 6) exponent = exponent * 10 + (bytes[i]! - 48)
    if (i === start) return undefined
    if (i - start >= 6) return slowly(bytes, from, to)
    if (expNegative) exponent = -exponent
  }
  if (i !== to) return undefined
  const power = exponent - places
  if (digits > 15 || power < -22 || power > 22) return slowly(bytes, from, to)
  const magnitude = power < 0 ? mantissa / POW10[-power]! : mantissa * POW10[power]!
  const value = negative ? -magnitude : magnitude
  return Number.isFinite(Math.fround(value)) ? value : undefined
}

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57
}

/** Outside the fast path: the text itself (ASCII, already checked to be a decimal). */
function slowly(bytes: Uint8Array, from: number, to: number): number | undefined {
  return parseDecimal(decodeUtf8(bytes.subarray(from, to)))
}
