import { describe, expect, it } from 'vitest'
import { planNonZeros, plannedBytes } from '../../../src/core/classical/edgeml/budget'
import { expNegF32, tanhF32 } from '../../../src/core/classical/edgeml/float-math'
import { expNegQ15, planRescale, rescale, tanhQ15 } from '../../../src/core/classical/edgeml/fixed-math'
import { hardThreshold } from '../../../src/core/classical/edgeml/optimise'
import { quantiseInput } from '../../../src/core/classical/edgeml/quantise'
import { matrixLayout } from '../../../src/core/classical/edgeml/sparse'

describe('the EdgeML evaluators’ arithmetic', () => {
  it('approximates e^(−t) in Q12 → Q15 within 4e−4 of full scale, and gives 0 from t = 16', () => {
    let worst = 0
    for (let t = 0; t < 65536; t += 7)
      worst = Math.max(worst, Math.abs(expNegQ15(t) - 32768 * Math.exp(-t / 4096)))
    expect(worst / 32768).toBeLessThan(4e-4)
    expect(expNegQ15(0)).toBe(32768)
    expect(expNegQ15(65536)).toBe(0)
  })

  it('approximates tanh in Q12 → Q15 within 1.6e−3, odd and saturating at 4', () => {
    let worst = 0
    for (let v = -20000; v <= 20000; v += 3) {
      worst = Math.max(worst, Math.abs(tanhQ15(v) - 32768 * Math.tanh(v / 4096)))
      expect(tanhQ15(-v)).toBe(-tanhQ15(v))
    }
    expect(worst / 32768).toBeLessThan(1.6e-3)
    expect(tanhQ15(1 << 20)).toBe(tanhQ15(16384))
  })

  it('computes e^x (x ≤ 0) and tanh in float32 within a few ulps of the exact values', () => {
    for (let x = -80; x <= 0; x += 0.013) {
      const exact = Math.exp(x)
      // The float32 rounding of x·log2(e) costs up to |x|·6e−8 relative on top of the polynomial.
      expect(Math.abs(expNegF32(x) - exact) / exact).toBeLessThan(3e-7 + 1e-7 * Math.abs(x))
    }
    expect(expNegF32(-100)).toBe(0)
    for (let y = -10; y <= 10; y += 0.007) expect(Math.abs(tanhF32(y) - Math.tanh(y))).toBeLessThan(3e-7)
  })

  it('rescales integers by a real factor within the rounding of a 15-bit multiplier', () => {
    const r = planRescale(1e6, 0.00123)
    for (const x of [-1e6, -12345, 0, 999, 1e6])
      expect(Math.abs(rescale(x, r) - x * 0.00123)).toBeLessThan(1 + Math.abs(x) * 0.00123 * 1e-3)
  })

  it('quantises inputs by powers of two, rounding half away from zero and clamping at ±qmax', () => {
    expect(
      Array.from(quantiseInput(Float32Array.from([0.5, -0.5, 1.25, 1e9, -1e9]), [0, 0, 2, 0, 0], 100)),
    ).toEqual([1, -1, 5, 100, -100])
  })

  it('keeps the k largest magnitudes in hard thresholding, the lower index on ties', () => {
    const v = Float64Array.from([0.1, -3, 2, -2, 0.5])
    const mask = hardThreshold(v, 2)
    expect(Array.from(v)).toEqual([0, -3, 2, 0, 0])
    expect(Array.from(mask)).toEqual([0, 1, 1, 0, 0])
  })

  it('stores a matrix compressed by rows only when that is smaller than dense', () => {
    expect(matrixLayout(10, 64, 100, 1)).toEqual({ layout: 'sparse', bytes: 10 + 200 })
    expect(matrixLayout(10, 64, 400, 1)).toEqual({ layout: 'dense', bytes: 640 })
    expect(matrixLayout(2, 300, 10, 4).bytes).toBe(4 + 60)
  })

  it('plans non-zero targets that fit a budget and grow with it', () => {
    const shapes = [
      { rows: 10, cols: 64, density: 1 },
      { rows: 30, cols: 10, density: 0.5 },
    ]
    let previous = 0
    for (const budget of [200, 400, 800, 1600]) {
      const targets = planNonZeros(shapes, 100, 1, budget)!
      const bytes = plannedBytes(shapes, targets, 100, 1)
      expect(bytes).toBeLessThanOrEqual(budget)
      expect(bytes).toBeGreaterThanOrEqual(previous)
      expect(targets[1]).toBeLessThanOrEqual(150)
      previous = bytes
    }
    expect(planNonZeros(shapes, 100, 1, 120)).toBeUndefined()
  })
})
