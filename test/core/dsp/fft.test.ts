import { describe, expect, it } from 'vitest'
import { isPowerOfTwo, powerSpectrum } from '../../../src/core/dsp/fft'
import { windowEnergy, windowTable } from '../../../src/core/dsp/window-functions'
import { lcgNoise, naivePower } from './reference'

describe('real FFT power spectrum (fft.js)', () => {
  it('matches an O(N²) DFT on every bin 0…N/2 for N = 2…1024', () => {
    for (let n = 2; n <= 1024; n *= 2) {
      const x = lcgNoise(n, n)
      const ours = powerSpectrum(x, n, new Float64Array(n / 2 + 1))
      const ref = naivePower(x, n)
      const scale = Math.max(...ref)
      for (let k = 0; k <= n / 2; k++)
        expect(Math.abs(ours[k]! - ref[k]!) / scale, `N=${n} k=${k}`).toBeLessThan(1e-9)
    }
  })

  it('zero-pads a short frame to the FFT length', () => {
    const x = lcgNoise(20, 7)
    const ours = powerSpectrum(x, 64, new Float64Array(33))
    const ref = naivePower(x, 64)
    for (let k = 0; k <= 32; k++) expect(ours[k]).toBeCloseTo(ref[k]!, 9)
  })

  it('puts a whole-cycle cosine of amplitude A on one bin with |X|² = (A·N/2)²', () => {
    const n = 64
    const x = Float64Array.from({ length: n }, (_, t) => 3 * Math.cos((2 * Math.PI * 5 * t) / n))
    const p = powerSpectrum(x, n, new Float64Array(n / 2 + 1))
    expect(p[5]).toBeCloseTo((3 * n) ** 2 / 4, 6)
    expect(p.reduce((s, v, k) => (k === 5 ? s : s + v), 0)).toBeLessThan(1e-18 * p[5]!)
  })

  it('accepts only powers of two of at least 2', () => {
    expect([1, 2, 3, 64, 96, 4096].map(isPowerOfTwo)).toEqual([false, true, false, true, false, true])
  })
})

describe('window tables', () => {
  it('are periodic: hann[n] = 0.5 − 0.5·cos(2πn/L), with Σw² = 3L/8', () => {
    const w = windowTable('hann', 8)
    const c = (1 - Math.SQRT1_2) / 2 // 0.5 − 0.5·cos(π/4)
    ;[0, c, 0.5, 1 - c, 1, 1 - c, 0.5, c].forEach((v, n) => expect(w[n]).toBeCloseTo(v, 7))
    expect(windowEnergy(windowTable('hann', 128))).toBeCloseTo(48, 5)
    expect(windowTable('hamming', 4)[0]).toBeCloseTo(0.08, 7)
    expect(Array.from(windowTable('rectangular', 3))).toEqual([1, 1, 1])
  })
})
