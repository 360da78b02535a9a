/**
 * Independent references for the DSP tests: straightforward textbook formulas written out again here, on
 * purpose sharing no code with src/core/dsp (O(N²) DFT, direct sums, explicit loops).
 */

/** X[k] = Σ_n x[n]·e^(−2πikn/N) for k = 0…N/2, x zero-padded to N. */
export function naiveDft(x: ArrayLike<number>, n: number): { re: number[]; im: number[] } {
  const re: number[] = []
  const im: number[] = []
  for (let k = 0; k <= n / 2; k++) {
    let r = 0
    let i = 0
    for (let t = 0; t < Math.min(n, x.length); t++) {
      r += x[t]! * Math.cos((2 * Math.PI * k * t) / n)
      i -= x[t]! * Math.sin((2 * Math.PI * k * t) / n)
    }
    re.push(r)
    im.push(i)
  }
  return { re, im }
}

export function naivePower(x: ArrayLike<number>, n: number): number[] {
  const { re, im } = naiveDft(x, n)
  return re.map((r, k) => r * r + im[k]! * im[k]!)
}

export const htkMel = (hz: number): number => 1127 * Math.log(1 + hz / 700)

/** Triangle weights in the mel domain (tf.signal.linear_to_mel_weight_matrix), dense [filters][bins]. */
export function referenceMelWeights(
  filters: number,
  nfft: number,
  rateHz: number,
  lowHz: number,
  highHz: number,
): number[][] {
  const lo = htkMel(lowHz)
  const hi = htkMel(highHz)
  const edge = (i: number): number => lo + ((hi - lo) * i) / (filters + 1)
  const rows: number[][] = []
  for (let m = 0; m < filters; m++) {
    const row: number[] = []
    for (let k = 0; k <= nfft / 2; k++) {
      const mk = htkMel((k * rateHz) / nfft)
      const up = (mk - edge(m)) / (edge(m + 1) - edge(m))
      const down = (edge(m + 2) - mk) / (edge(m + 2) - edge(m + 1))
      row.push(Math.max(0, Math.min(up, down)))
    }
    rows.push(row)
  }
  return rows
}

export interface ReferenceAudioOptions {
  rateHz: number
  frameSamples: number
  strideSamples: number
  nfft: number
  filters: number
  lowHz: number
  highHz: number
  preEmphasis: number
}

/** Mel energies per frame by the direct formulas: pre-emphasis, periodic Hann, O(N²) DFT, |X|²/N, weights. */
export function referenceMelEnergies(x: ArrayLike<number>, o: ReferenceAudioOptions): number[][] {
  const v = Array.from({ length: x.length }, (_, i) => x[i]! - (i > 0 ? o.preEmphasis * x[i - 1]! : 0))
  const weights = referenceMelWeights(o.filters, o.nfft, o.rateHz, o.lowHz, o.highHz)
  const frames: number[][] = []
  for (let start = 0; start + o.frameSamples <= v.length; start += o.strideSamples) {
    const frame = Array.from(
      { length: o.frameSamples },
      (_, i) => v[start + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / o.frameSamples)),
    )
    const power = naivePower(frame, o.nfft).map((p) => p / o.nfft)
    frames.push(weights.map((row) => row.reduce((s, w, k) => s + w * power[k]!, 0)))
  }
  return frames
}

/** c_k = s_k Σ_m x_m cos(πk(2m+1)/(2M)), orthonormal scaling, times the HTK lifter. */
export function referenceDct(x: readonly number[], coefficients: number, lifter: number): number[] {
  const m = x.length
  return Array.from({ length: coefficients }, (_, k) => {
    let sum = 0
    for (let i = 0; i < m; i++) sum += x[i]! * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * m))
    const scale = k === 0 ? Math.sqrt(1 / m) : Math.sqrt(2 / m)
    const lift = lifter > 0 ? 1 + (lifter / 2) * Math.sin((Math.PI * k) / lifter) : 1
    return scale * sum * lift
  })
}

/** A deterministic pseudo-random sequence in [−1, 1) (32-bit LCG), for test signals. */
export function lcgNoise(n: number, seed: number): Float32Array {
  let s = seed >>> 0
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return s / 2 ** 31 - 1
  })
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    d = Math.max(d, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)))
  return d
}
