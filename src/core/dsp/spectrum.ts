import { powerSpectrum } from './fft'
import { windowEnergy, windowTable } from './window-functions'

/**
 * One-sided power spectral density by Welch's method, scaled so that the bins sum to the mean square of
 * the (windowed) signal — a sine of amplitude A gives bins summing to A²/2, whatever its frequency.
 *   L = min(n, N) samples per segment, hop ⌊L/2⌋ (at least 1), ⌊(n − L)/hop⌋ + 1 segments (a tail shorter
 *   than a hop is dropped); each segment is multiplied by a periodic Hann window w of length L and
 *   zero-padded to N, then
 *   P[k] = c_k · |X[k]|² / (N · Σw²),  c_0 = c_{N/2} = 1, c_k = 2 otherwise,  k = 0…N/2
 *   averaged over the segments. Bin k is at k·rateHz/N Hz.
 */
export function welchPsd(x: ArrayLike<number>, fftLength: number): Float64Array {
  const n = x.length
  const segment = Math.min(n, fftLength)
  const hop = Math.max(1, Math.floor(segment / 2))
  const segments = Math.floor((n - segment) / hop) + 1
  const w = windowTable('hann', segment)
  const norm = fftLength * windowEnergy(w)
  const frame = new Float64Array(segment)
  const power = new Float64Array(fftLength / 2 + 1)
  const psd = new Float64Array(fftLength / 2 + 1)
  for (let s = 0; s < segments; s++) {
    for (let i = 0; i < segment; i++) frame[i] = x[s * hop + i]! * w[i]!
    powerSpectrum(frame, fftLength, power)
    for (let k = 0; k < psd.length; k++) psd[k] = psd[k]! + power[k]!
  }
  const last = psd.length - 1
  for (let k = 0; k < psd.length; k++) {
    const oneSided = k === 0 || k === last ? 1 : 2
    psd[k] = norm > 0 ? (oneSided * psd[k]!) / (norm * segments) : 0
  }
  return psd
}

export interface SpectralPeak {
  readonly hz: number
  readonly power: number
}

/**
 * The `count` highest local maxima of `psd` among bins 1…N/2−1 (DC and Nyquist excluded):
 * P[k] > P[k−1] and P[k] ≥ P[k+1] and P[k] > threshold, ordered by power (descending), then frequency.
 * Fewer than `count` peaks leave the rest out; the block fills them.
 */
export function spectralPeaks(
  psd: Float64Array,
  binHz: number,
  count: number,
  threshold: number,
): SpectralPeak[] {
  const found: { k: number; power: number }[] = []
  for (let k = 1; k < psd.length - 1; k++) {
    const p = psd[k]!
    if (p > psd[k - 1]! && p >= psd[k + 1]! && p > threshold) found.push({ k, power: p })
  }
  found.sort((a, b) => b.power - a.power || a.k - b.k)
  return found.slice(0, count).map(({ k, power }) => ({ hz: k * binHz, power }))
}

/**
 * Power in bands: band i sums the bins with edges[i] ≤ k·binHz < edges[i+1]. Bands beyond the Nyquist
 * frequency hold 0.
 */
export function bandPowers(psd: Float64Array, binHz: number, edgesHz: readonly number[]): Float64Array {
  const bands = new Float64Array(Math.max(0, edgesHz.length - 1))
  for (let k = 0; k < psd.length; k++) {
    const f = k * binHz
    for (let i = 0; i < bands.length; i++) {
      if (f >= edgesHz[i]! && f < edgesHz[i + 1]!) bands[i] = bands[i]! + psd[k]!
    }
  }
  return bands
}
