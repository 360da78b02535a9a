/**
 * Turning real-valued scales into the (int32 multiplier, shift) pairs that the integer kernels use, exactly
 * as tflite-micro `tensorflow/lite/kernels/internal/quantization_util.cc` does (built without
 * `TFLITE_EMULATE_FLOAT` and without `TFLITE_SINGLE_ROUNDING`, TFLM's defaults).
 */

/** A real multiplier M ≈ multiplier · 2^(shift − 31), multiplier in [2^30, 2^31) or 0. */
export interface QuantizedMultiplier {
  readonly multiplier: number
  /** Positive: left shift; negative: right shift (TFLite's convention since 2019). */
  readonly shift: number
}

/** C `std::round` / `TfLiteRound`: round half away from zero (JS `Math.round` rounds half toward +∞). */
export function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x)
}

/** C `std::frexp` for finite non-zero x: x = fraction · 2^exponent with 0.5 ≤ |fraction| < 1 (exact). */
export function frexp(x: number): { fraction: number; exponent: number } {
  if (x === 0 || !Number.isFinite(x)) return { fraction: x, exponent: 0 }
  let exponent = Math.floor(Math.log2(Math.abs(x))) + 1
  let fraction = x / 2 ** exponent
  // log2 can be off by one near powers of two; scaling by powers of two is exact.
  while (Math.abs(fraction) >= 1) {
    fraction /= 2
    exponent += 1
  }
  while (Math.abs(fraction) < 0.5) {
    fraction *= 2
    exponent -= 1
  }
  return { fraction, exponent }
}

/**
 * tflite `QuantizeMultiplier(double)`. Multipliers below ~2^-31 flush to (0, 0) as in the C.
 * Throws a RangeError for a non-finite input (the C would hit a TFLITE_CHECK).
 */
export function quantizeMultiplier(realMultiplier: number): QuantizedMultiplier {
  if (!Number.isFinite(realMultiplier))
    throw new RangeError(`Cannot quantize the multiplier ${realMultiplier}.`)
  if (realMultiplier === 0) return { multiplier: 0, shift: 0 }
  const { fraction, exponent } = frexp(realMultiplier)
  let qFixed = roundHalfAwayFromZero(fraction * 2147483648)
  let shift = exponent
  if (qFixed === 2147483648) {
    qFixed /= 2
    shift += 1
  }
  if (shift < -31) return { multiplier: 0, shift: 0 }
  return { multiplier: qFixed, shift }
}

/** tflite `QuantizeMultiplierSmallerThanOneExp`: precondition 0 < M < 1; the shift is ≤ 0. */
export function quantizeMultiplierSmallerThanOneExp(realMultiplier: number): QuantizedMultiplier {
  if (!(realMultiplier > 0 && realMultiplier < 1)) {
    throw new RangeError(`Expected a multiplier in (0, 1), got ${realMultiplier}.`)
  }
  return quantizeMultiplier(realMultiplier)
}

/** tflite `QuantizeMultiplierGreaterThanOne`: precondition M > 1; the shift is ≥ 0. */
export function quantizeMultiplierGreaterThanOne(realMultiplier: number): QuantizedMultiplier {
  if (!(realMultiplier > 1)) throw new RangeError(`Expected a multiplier above 1, got ${realMultiplier}.`)
  return quantizeMultiplier(realMultiplier)
}

/**
 * tflite `PreprocessSoftmaxScaling(beta, input_scale, input_integer_bits)`: the multiplier that maps an int8
 * input difference to a Q(integerBits).(31 − integerBits) value of beta·scale·diff, capped at 2^31 − 1.
 * `beta` and `inputScale` are the float32 values from the model (as doubles).
 */
export function preprocessSoftmaxScaling(beta: number, inputScale: number, inputIntegerBits: number) {
  const maxRealMultiplier = 2147483647
  const real = Math.min(beta * inputScale * 2 ** (31 - inputIntegerBits), maxRealMultiplier)
  return quantizeMultiplierGreaterThanOne(real)
}

/** tflite `CalculateInputRadius(input_integer_bits, input_left_shift, total_signed_bits = 31)`. */
export function calculateInputRadius(inputIntegerBits: number, inputLeftShift: number, totalSignedBits = 31) {
  const maxInputRescaled =
    (((1 << inputIntegerBits) - 1) * 2 ** (totalSignedBits - inputIntegerBits)) / 2 ** inputLeftShift
  return Math.floor(maxInputRescaled)
}
