/**
 * Butterworth low- and high-pass filters as cascades of second-order sections (biquads), the digital
 * filter `scipy.signal.butter(order, cutoffHz, btype, fs=rateHz, output='sos')` designs: the analog
 * Butterworth prototype mapped by the bilinear transform with the cutoff pre-warped, so that the gain at
 * the cutoff is exactly 1/√2 (−3.01 dB) and
 *   |H(e^{jω})|² = 1 / (1 + (tan(ω/2) / tan(ω_c/2))^(±2·order))   (+ low-pass, − high-pass).
 *
 * Section k (k = 0…⌊order/2⌋−1) has Q_k = 1 / (2·sin((2k+1)π / (2·order))); with ω_c = 2π·cutoffHz/rateHz,
 * c = cos ω_c, α = sin ω_c / (2Q) (the RBJ cookbook form of the same bilinear transform):
 *   low-pass:  b = [(1−c)/2, 1−c, (1−c)/2] / (1+α)    high-pass: b = [(1+c)/2, −(1+c), (1+c)/2] / (1+α)
 *   a = [1, −2c/(1+α), (1−α)/(1+α)]
 * An odd order adds one first-order section, with K = tan(ω_c/2):
 *   low-pass:  b = [K, K, 0] / (K+1)    high-pass: b = [1, −1, 0] / (K+1)    a = [1, (K−1)/(K+1), 0]
 * Coefficients are computed in double and rounded to float32, so the board uses bit-identical ones.
 *
 * Filtering runs the sections in order, each in transposed direct form II with zero initial state:
 *   y = b0·x + s1;  s1 = b1·x − a1·y + s2;  s2 = b2·x − a2·y
 */

export type FilterType = 'none' | 'lowpass' | 'highpass'

/** `[b0, b1, b2, a1, a2]` per section, flattened; a0 is 1. */
export type SosCoefficients = Float32Array

export function butterworthSos(
  type: 'lowpass' | 'highpass',
  order: number,
  cutoffHz: number,
  rateHz: number,
): SosCoefficients {
  const wc = (2 * Math.PI * cutoffHz) / rateHz
  const pairs = Math.floor(order / 2)
  const sections: number[] = []
  for (let k = 0; k < pairs; k++) {
    const q = 1 / (2 * Math.sin(((2 * k + 1) * Math.PI) / (2 * order)))
    sections.push(...secondOrderSection(type, wc, q))
  }
  if (order % 2 === 1) sections.push(...firstOrderSection(type, wc))
  return Float32Array.from(sections)
}

function secondOrderSection(type: 'lowpass' | 'highpass', wc: number, q: number): number[] {
  const c = Math.cos(wc)
  const alpha = Math.sin(wc) / (2 * q)
  const a0 = 1 + alpha
  const g = type === 'lowpass' ? (1 - c) / 2 : (1 + c) / 2
  const b1 = type === 'lowpass' ? 2 * g : -2 * g
  return [g / a0, b1 / a0, g / a0, (-2 * c) / a0, (1 - alpha) / a0]
}

function firstOrderSection(type: 'lowpass' | 'highpass', wc: number): number[] {
  const k = Math.tan(wc / 2)
  const a0 = k + 1
  const b = type === 'lowpass' ? [k / a0, k / a0] : [1 / a0, -1 / a0]
  return [b[0]!, b[1]!, 0, (k - 1) / a0, 0]
}

/** Filters `input` through every section in order (zero initial state) into a new array. */
export function sosFilter(sos: SosCoefficients, input: ArrayLike<number>): Float64Array {
  const y = Float64Array.from(input as ArrayLike<number>)
  for (let s = 0; s + 4 < sos.length; s += 5) {
    const b0 = sos[s]!
    const b1 = sos[s + 1]!
    const b2 = sos[s + 2]!
    const a1 = sos[s + 3]!
    const a2 = sos[s + 4]!
    let s1 = 0
    let s2 = 0
    for (let n = 0; n < y.length; n++) {
      const x = y[n]!
      const out = b0 * x + s1
      s1 = b1 * x - a1 * out + s2
      s2 = b2 * x - a2 * out
      y[n] = out
    }
  }
  return y
}
