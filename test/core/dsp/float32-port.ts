/**
 * A float32 emulation of what the C port will do on the board: every +, −, ×, ÷, sqrt and log result is
 * rounded to float32 (Math.fround), as single-precision C without FMA contraction computes it; the tables
 * (window, mel weights, DCT, biquad coefficients) are the float32 tables the TypeScript exports, as code
 * generation will emit them. The FFT is an iterative radix-2 complex FFT with float32 twiddles, a stand-in
 * for CMSIS-DSP's arm_rfft_fast_f32 or KISS FFT: its rounding pattern differs from theirs, its error size
 * does not (O(log N) ulps). Used by float32-tolerance.test.ts to measure the TypeScript ↔ C gap.
 */
const f = Math.fround

export function fftPower32(frame: ArrayLike<number>, n: number): Float32Array {
  const re = new Float32Array(n)
  const im = new Float32Array(n)
  const bits = Math.log2(n)
  for (let i = 0; i < Math.min(n, frame.length); i++) {
    let r = 0
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
    re[r] = frame[i]!
  }
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2
    for (let k = 0; k < half; k++) {
      const wr = f(Math.cos((2 * Math.PI * k) / size))
      const wi = f(-Math.sin((2 * Math.PI * k) / size))
      for (let start = 0; start < n; start += size) {
        const a = start + k
        const b = a + half
        const tr = f(f(wr * re[b]!) - f(wi * im[b]!))
        const ti = f(f(wr * im[b]!) + f(wi * re[b]!))
        re[b] = f(re[a]! - tr)
        im[b] = f(im[a]! - ti)
        re[a] = f(re[a]! + tr)
        im[a] = f(im[a]! + ti)
      }
    }
  }
  return Float32Array.from({ length: n / 2 + 1 }, (_, k) => f(f(re[k]! * re[k]!) + f(im[k]! * im[k]!)))
}

export function sum32(terms: Iterable<number>): number {
  let s = 0
  for (const t of terms) s = f(s + f(t))
  return s
}

export function preEmphasis32(x: ArrayLike<number>, alpha: number, scale: number): Float32Array {
  const v = new Float32Array(x.length)
  let previous = 0
  for (let i = 0; i < x.length; i++) {
    const u = f(f(scale) * x[i]!)
    v[i] = f(u - f(f(alpha) * previous))
    previous = u
  }
  return v
}

export interface Tables32 {
  window: Float32Array
  firstBin: Int32Array
  binCount: Int32Array
  offset: Int32Array
  weights: Float32Array
}

/** Mel energies per frame, float32 throughout. */
export function melEnergies32(
  x: ArrayLike<number>,
  o: {
    alpha: number
    scale: number
    frameSamples: number
    strideSamples: number
    nfft: number
    frames: number
  },
  t: Tables32,
): Float32Array[] {
  const v = preEmphasis32(x, o.alpha, o.scale)
  const out: Float32Array[] = []
  for (let frame = 0; frame < o.frames; frame++) {
    const windowed = Float32Array.from({ length: o.frameSamples }, (_, i) =>
      f(v[frame * o.strideSamples + i]! * t.window[i]!),
    )
    const power = fftPower32(windowed, o.nfft).map((p) => f(p / o.nfft))
    out.push(
      Float32Array.from({ length: t.firstBin.length }, (_, m) => {
        let s = 0
        for (let j = 0; j < t.binCount[m]!; j++)
          s = f(s + f(t.weights[t.offset[m]! + j]! * power[t.firstBin[m]! + j]!))
        return s
      }),
    )
  }
  return out
}

export function dct32(table: Float32Array, inputs: number, x: Float32Array): Float32Array {
  const k = table.length / inputs
  return Float32Array.from({ length: k }, (_, c) => {
    let s = 0
    for (let m = 0; m < inputs; m++) s = f(s + f(table[c * inputs + m]! * x[m]!))
    return s
  })
}

/** Transposed direct form II biquads, float32 state and arithmetic. */
export function sosFilter32(sos: Float32Array, x: Float32Array): Float32Array {
  const y = Float32Array.from(x)
  for (let s = 0; s + 4 < sos.length; s += 5) {
    const [b0, b1, b2, a1, a2] = [sos[s]!, sos[s + 1]!, sos[s + 2]!, sos[s + 3]!, sos[s + 4]!]
    let s1 = 0
    let s2 = 0
    for (let n = 0; n < y.length; n++) {
      const xn = y[n]!
      const out = f(f(b0 * xn) + s1)
      s1 = f(f(f(b1 * xn) - f(a1 * out)) + s2)
      s2 = f(f(b2 * xn) - f(a2 * out))
      y[n] = out
    }
  }
  return y
}

export function moments32(x: Float32Array): {
  mean: number
  rms: number
  skewness: number
  kurtosis: number
} {
  const n = x.length
  const mean = f(sum32(x) / n)
  let [s2, s3, s4] = [0, 0, 0]
  for (let i = 0; i < n; i++) {
    const d = f(x[i]! - mean)
    const d2 = f(d * d)
    s2 = f(s2 + d2)
    s3 = f(s3 + f(d2 * d))
    s4 = f(s4 + f(d2 * d2))
  }
  const m2 = f(s2 / n)
  if (m2 <= 1e-20) return { mean, rms: f(Math.sqrt(m2)), skewness: 0, kurtosis: 0 }
  const sd = f(Math.sqrt(m2))
  return { mean, rms: sd, skewness: f(f(s3 / n) / f(m2 * sd)), kurtosis: f(f(f(s4 / n) / f(m2 * m2)) - 3) }
}

/** Welch PSD as spectrum.ts defines it, float32 throughout (window = the float32 Hann table). */
export function welch32(x: Float32Array, nfft: number, hann: Float32Array): Float32Array {
  const segment = Math.min(x.length, nfft)
  const hop = Math.max(1, Math.floor(segment / 2))
  const segments = Math.floor((x.length - segment) / hop) + 1
  const norm = f(nfft * sum32(Array.from(hann, (w) => f(w * w))))
  const psd = new Float32Array(nfft / 2 + 1)
  for (let s = 0; s < segments; s++) {
    const frame = Float32Array.from({ length: segment }, (_, i) => f(x[s * hop + i]! * hann[i]!))
    const power = fftPower32(frame, nfft)
    for (let k = 0; k < psd.length; k++) psd[k] = f(psd[k]! + power[k]!)
  }
  return psd.map((p, k) => f(f((k === 0 || k === nfft / 2 ? 1 : 2) * p) / f(norm * segments)))
}
