import FFT from 'fft.js'

/**
 * Real-input power spectra on top of fft.js (radix-4, double precision, MIT). It computes bins 0…N/2 of a
 * power-of-two real FFT (its `realTransform` leaves bins above N/2 unset, which we never read); we checked
 * those bins against a direct O(N²) DFT for N = 2…4096 (test/core/dsp/fft.test.ts). Doing the FFT in
 * double makes this TypeScript the more accurate side: the difference to the board's float32 FFT is the
 * board's rounding, which docs/dsp.md bounds.
 */

const plans = new Map<number, { fft: FFT; out: Float64Array; input: Float64Array }>()

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0
}

function plan(size: number): { fft: FFT; out: Float64Array; input: Float64Array } {
  let p = plans.get(size)
  if (p === undefined) {
    p = { fft: new FFT(size), out: new Float64Array(2 * size), input: new Float64Array(size) }
    plans.set(size, p)
  }
  return p
}

/**
 * |X[k]|² for k = 0…N/2 of the N-point DFT `X[k] = Σ x[n]·e^(−2πikn/N)` of `frame` zero-padded (or read
 * up to N values) — unscaled. Writes into `out` (length ≥ N/2 + 1) and returns it.
 */
export function powerSpectrum(frame: ArrayLike<number>, size: number, out: Float64Array): Float64Array {
  const { fft, out: complex, input } = plan(size)
  const n = Math.min(frame.length, size)
  for (let i = 0; i < n; i++) input[i] = frame[i]!
  input.fill(0, n)
  fft.realTransform(complex, input)
  for (let k = 0; k <= size / 2; k++) {
    const re = complex[2 * k]!
    const im = complex[2 * k + 1]!
    out[k] = re * re + im * im
  }
  return out
}
