/**
 * Window function tables, periodic (the DFT-even form that scipy's `get_window(..., fftbins=True)` and
 * TensorFlow's `hann_window(periodic=True)` produce): for length L and n = 0…L−1
 *   hann:        w[n] = 0.5 − 0.5·cos(2πn/L)
 *   hamming:     w[n] = 0.54 − 0.46·cos(2πn/L)
 *   rectangular: w[n] = 1
 * The periodic form makes a tone with a whole number of cycles per frame fall on exactly three bins
 * (hann), which the tests use as an analytic reference. Tables are computed in double and rounded to
 * float32 once, so code generation can emit the identical constants for the board.
 */
export type WindowFunction = 'hann' | 'hamming' | 'rectangular'

export const windowFunctions: readonly WindowFunction[] = ['hann', 'hamming', 'rectangular']

export function windowTable(kind: WindowFunction, length: number): Float32Array {
  const w = new Float32Array(length)
  const [a0, a1] = kind === 'hann' ? [0.5, 0.5] : kind === 'hamming' ? [0.54, 0.46] : [1, 0]
  for (let n = 0; n < length; n++) w[n] = a0 - a1 * Math.cos((2 * Math.PI * n) / length)
  return w
}

/** Σ w[n]², the window's energy, used to normalise power spectra. */
export function windowEnergy(w: Float32Array): number {
  let sum = 0
  for (let n = 0; n < w.length; n++) sum += w[n]! * w[n]!
  return sum
}
