/**
 * Decimal text for float32 values that reads back to the same bits: the shortest `toPrecision` form (1 to 9
 * significant digits; 9 always suffice for float32) whose `Math.fround(Number(text))` equals the value, and
 * `-0` for negative zero. Export writes values with it, so that export → import is byte for byte.
 * Non-finite values are not data in Mote and are refused.
 */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`)
  if (Object.is(value, -0)) return '-0'
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value)
  for (let digits = 1; digits <= 9; digits++) {
    const text = value.toPrecision(digits)
    if (Math.fround(Number(text)) === value) return trimExponent(text)
  }
  return String(value)
}

/** `toPrecision` writes `1.5e+7`; the `+` is legal but noisy. */
function trimExponent(text: string): string {
  return text.includes('e+') ? text.replace('e+', 'e') : text
}

/**
 * A decimal number in the strict form CSV and data-forwarder lines use: optional sign, digits with an optional
 * fraction, optional exponent. No hex, no `Infinity`, no `NaN`, no spaces; `undefined` when not a number or
 * when it does not fit a float32 (|x| > 3.4e38).
 */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined
  const value = Number(text)
  return Number.isFinite(value) && Number.isFinite(Math.fround(value)) ? value : undefined
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * Rates are kept to 9 significant digits everywhere (detection, import, capture), so that a rate written as
 * timestamps and read back is the same number.
 */
export function normalizeRateHz(rateHz: number): number {
  return rateHz > 0 ? Number(rateHz.toPrecision(9)) : 0
}
