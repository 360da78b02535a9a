import { describe, expect, it } from 'vitest'
import {
  INT32_MAX,
  INT32_MIN,
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierSingleRounding,
  roundingDivideByPOT,
  roundingHalfSum,
  saturatingRoundingDoublingHighMul,
  saturatingRoundingMultiplyByPOT,
} from '../../../../src/core/compress/quantize/fixed-point'
import { mbqmBig, mbqmSingleBig, rdbpBig, srdhmBig } from './fixed-point-reference'
import { createRng } from '../../../../src/core/train/random'

/** The seeded PRNG of src/core/train/random.ts, as a bare [0, 1) stream, so failures reproduce. */
const rng = (seed: number): (() => number) => createRng(seed).next

const SPECIAL = [
  INT32_MIN,
  INT32_MIN + 1,
  INT32_MAX,
  INT32_MAX - 1,
  0,
  1,
  -1,
  2,
  -2,
  1 << 30,
  -(1 << 30),
  (1 << 30) + 1,
  -(1 << 30) - 1,
  32767,
  -32768,
  65535,
  -65536,
  1 << 16,
  (1 << 16) + 1,
  -(1 << 16) - 1,
  123456789,
  -123456789,
]

/** Values drawn to hit every region: full int32, accumulator-sized, tiny, powers of two ± 1, specials. */
function drawValue(random: () => number): number {
  const kind = random()
  if (kind < 0.35) return (random() * 4294967296) | 0
  if (kind < 0.65) return Math.round((random() - 0.5) * 2 * 2 ** 20)
  if (kind < 0.75) return Math.round((random() - 0.5) * 64)
  if (kind < 0.9) {
    const p = 2 ** Math.floor(random() * 31)
    return (random() < 0.5 ? -1 : 1) * p + Math.floor(random() * 3) - 1
  }
  return SPECIAL[Math.floor(random() * SPECIAL.length)] ?? 0
}

function drawMultiplier(random: () => number): number {
  const kind = random()
  if (kind < 0.8) return 1073741824 + Math.floor(random() * 1073741824) // QuantizeMultiplier's range
  if (kind < 0.9) return kind < 0.85 ? 1073741824 : INT32_MAX
  return Math.floor(random() * 1073741824)
}

describe('saturatingRoundingDoublingHighMul', () => {
  it('matches the 64-bit C definition on every pair of special values', () => {
    for (const a of SPECIAL) {
      for (const b of SPECIAL)
        expect(saturatingRoundingDoublingHighMul(a, b), `${a}·${b}`).toBe(srdhmBig(a, b))
    }
  })

  it('saturates only INT32_MIN·INT32_MIN and rounds halves toward +∞ (the asymmetric nudge)', () => {
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN)).toBe(INT32_MAX)
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX)).toBe(-INT32_MAX)
    // 1·2^30 / 2^31 = 0.5 → 1, but −0.5 → 0: the negative nudge is 1 − 2^30, then division truncates.
    expect(saturatingRoundingDoublingHighMul(1, 1 << 30)).toBe(1)
    expect(saturatingRoundingDoublingHighMul(-1, 1 << 30)).toBe(0)
    expect(saturatingRoundingDoublingHighMul(3, 1 << 30)).toBe(2) // 1.5 → 2
    expect(saturatingRoundingDoublingHighMul(-3, 1 << 30)).toBe(-1) // −1.5 → −1
    expect(saturatingRoundingDoublingHighMul(-5, 1 << 30)).toBe(-2) // −2.5 → −2
    expect(saturatingRoundingDoublingHighMul(-7, 1 << 29)).toBe(-2) // −1.75 → −2
  })

  it('matches the 64-bit C definition on a million random pairs', () => {
    const random = rng(1)
    let mismatches = 0
    for (let i = 0; i < 1_000_000; i++) {
      const a = drawValue(random)
      const b = random() < 0.5 ? drawMultiplier(random) : drawValue(random)
      if (saturatingRoundingDoublingHighMul(a, b) !== srdhmBig(a, b)) mismatches++
    }
    expect(mismatches).toBe(0)
  })
})

describe('roundingDivideByPOT', () => {
  it('rounds exact halves away from zero for every exponent', () => {
    for (let e = 1; e <= 30; e++) {
      const half = 2 ** (e - 1)
      expect(roundingDivideByPOT(half, e)).toBe(1)
      expect(roundingDivideByPOT(-half, e)).toBe(-1)
      expect(roundingDivideByPOT(3 * half, e)).toBe(2)
      expect(roundingDivideByPOT(-3 * half, e)).toBe(-2)
      expect(roundingDivideByPOT(half - 1, e)).toBe(0)
    }
  })

  it('is the identity for exponent 0 and matches the C on the int32 extremes at exponent 31', () => {
    for (const x of SPECIAL) {
      expect(roundingDivideByPOT(x, 0)).toBe(x)
      expect(roundingDivideByPOT(x, 31)).toBe(rdbpBig(x, 31))
    }
    expect(roundingDivideByPOT(INT32_MIN, 31)).toBe(-1)
    expect(roundingDivideByPOT(INT32_MAX, 31)).toBe(1)
  })

  it('gives the exact rounded quotient for exponents above 31 (softmax over long rows asks for them)', () => {
    for (let e = 32; e <= 40; e++) {
      for (const x of SPECIAL) expect(roundingDivideByPOT(x, e)).toBe(rdbpBig(x, e))
    }
    expect(roundingDivideByPOT(INT32_MIN, 32)).toBe(-1)
  })
})

describe('multiplyByQuantizedMultiplier (double rounding, as TFLM reference kernels)', () => {
  it('matches the BigInt transcription of common.cc on the special-value grid for every shift', () => {
    let mismatches = 0
    for (let shift = -31; shift <= 30; shift++) {
      for (const x of SPECIAL) {
        for (const m of [0, 1, 1073741824, 1073741825, 1518500250, INT32_MAX - 1, INT32_MAX]) {
          if (multiplyByQuantizedMultiplier(x, m, shift) !== mbqmBig(x, m, shift)) mismatches++
        }
      }
    }
    expect(mismatches).toBe(0)
  })

  it('matches the BigInt transcription on two million random (value, multiplier, shift) triples', () => {
    const random = rng(2)
    const failures: string[] = []
    for (let i = 0; i < 2_000_000; i++) {
      const x = drawValue(random)
      const m = drawMultiplier(random)
      // Mostly the right shifts real models use; 20% anywhere in [−31, 30] including wrapping left shifts.
      const shift = random() < 0.8 ? -Math.floor(random() * 16) : Math.floor(random() * 62) - 31
      const got = multiplyByQuantizedMultiplier(x, m, shift)
      const want = mbqmBig(x, m, shift)
      if (got !== want && failures.length < 5) failures.push(`(${x}, ${m}, ${shift}): ${got} ≠ ${want}`)
    }
    expect(failures).toEqual([])
  })

  it('rounds twice: a value where double and single rounding differ gives the TFLM answer', () => {
    // x·m·2^shift/2^31 = 5·2^30·2^-1/2^31 = 1.25; SRDHM gives round(2.5) = 3, then 3/2 = 1.5 → 2.
    expect(multiplyByQuantizedMultiplier(5, 1 << 30, -1)).toBe(2)
    expect(multiplyByQuantizedMultiplierSingleRounding(5, 1 << 30, -1)).toBe(1)
    // Negative halves: the high multiply sends −0.5 to 0, the right shift sends −0.5 to −1.
    expect(multiplyByQuantizedMultiplier(-1, 1 << 30, 0)).toBe(0)
    expect(multiplyByQuantizedMultiplier(-2, 1 << 30, -1)).toBe(-1) // SRDHM −1 exactly, then −0.5 → −1
    expect(multiplyByQuantizedMultiplier(-3, 1 << 30, -1)).toBe(-1) // −1.5 → −1, then −0.5 → −1
    expect(multiplyByQuantizedMultiplierSingleRounding(-3, 1 << 30, -1)).toBe(-1) // −0.75 → −1
  })
})

describe('multiplyByQuantizedMultiplierSingleRounding (TFLITE_SINGLE_ROUNDING=1)', () => {
  it('matches the BigInt transcription on a million random triples whose result fits in int32', () => {
    const random = rng(3)
    let mismatches = 0
    let checked = 0
    for (let i = 0; i < 1_000_000; i++) {
      const x = drawValue(random)
      const m = drawMultiplier(random)
      const shift = Math.floor(random() * 62) - 31
      const want = mbqmSingleBig(x, m, shift)
      if (want < INT32_MIN || want > INT32_MAX) continue // outside the C function's precondition
      checked++
      if (multiplyByQuantizedMultiplierSingleRounding(x, m, shift) !== want) mismatches++
    }
    expect(checked).toBeGreaterThan(500_000)
    expect(mismatches).toBe(0)
  })
})

describe('gemmlowp helpers', () => {
  it('roundingHalfSum rounds (a + b) / 2 away from zero without overflowing', () => {
    expect(roundingHalfSum(1, 2)).toBe(2)
    expect(roundingHalfSum(-1, -2)).toBe(-2)
    expect(roundingHalfSum(INT32_MAX, INT32_MAX)).toBe(INT32_MAX)
    expect(roundingHalfSum(INT32_MIN, INT32_MIN)).toBe(INT32_MIN)
    expect(roundingHalfSum(0, INT32_MAX)).toBe(1073741824)
  })

  it('saturatingRoundingMultiplyByPOT saturates left shifts and rounds right shifts', () => {
    expect(saturatingRoundingMultiplyByPOT(1 << 28, 3)).toBe(INT32_MAX)
    expect(saturatingRoundingMultiplyByPOT((1 << 28) - 1, 3)).toBe(((1 << 28) - 1) * 8)
    expect(saturatingRoundingMultiplyByPOT(-(1 << 28), 3)).toBe(INT32_MIN)
    expect(saturatingRoundingMultiplyByPOT(6, -2)).toBe(2)
    expect(saturatingRoundingMultiplyByPOT(-6, -2)).toBe(-2)
  })
})
