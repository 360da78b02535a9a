/**
 * The mel scale and a triangular mel filterbank.
 *
 * Scale: HTK's, in the natural-log form TensorFlow (`tf.signal`), Kaldi and Edge Impulse use:
 *   mel(f) = 1127 · ln(1 + f/700),   f(mel) = 700 · (e^(mel/1127) − 1)
 * (librosa's default is Slaney's piecewise scale; `librosa.mel_frequencies(htk=True)` is this one, up to
 * its 2595·log10 constant, which differs from 1127·ln in the fifth significant digit).
 *
 * Filterbank: the convention of `tf.signal.linear_to_mel_weight_matrix`. M filters need M + 2 edges,
 * equally spaced in mel from mel(lowHz) to mel(highHz): e_i = mel(lowHz) + i·(mel(highHz) − mel(lowHz))/(M+1).
 * Bin k of an N-point FFT (k = 0…N/2) sits at f_k = k·rateHz/N, and filter m (0-based) weighs it by
 *   W[m][k] = max(0, min((mel(f_k) − e_m)/(e_{m+1} − e_m), (e_{m+2} − mel(f_k))/(e_{m+2} − e_{m+1})))
 * — triangles in the mel domain, peak 1 where a bin falls on the centre, no area normalisation. A bin on a
 * filter's lower edge gets weight 0, so the DC bin never counts when lowHz = 0.
 */

export const melScaleFactor = 1127
export const melBreakHz = 700

export function hzToMel(hz: number): number {
  return melScaleFactor * Math.log(1 + hz / melBreakHz)
}

export function melToHz(mel: number): number {
  return melBreakHz * (Math.exp(mel / melScaleFactor) - 1)
}

/**
 * A filterbank stored sparsely, as the board stores it: filter m covers bins
 * `firstBin[m] … firstBin[m] + binCount[m] − 1` with weights `weights[offset[m] …]` (float32).
 */
export interface MelFilterbank {
  readonly numFilters: number
  readonly fftLength: number
  /** The M + 2 edges in mel (double). */
  readonly edgesMel: Float64Array
  readonly firstBin: Int32Array
  readonly binCount: Int32Array
  readonly offset: Int32Array
  readonly weights: Float32Array
}

export interface MelFilterbankOptions {
  readonly numFilters: number
  readonly fftLength: number
  readonly rateHz: number
  readonly lowHz: number
  readonly highHz: number
}

export function melFilterbank(o: MelFilterbankOptions): MelFilterbank {
  const lo = hzToMel(o.lowHz)
  const step = (hzToMel(o.highHz) - lo) / (o.numFilters + 1)
  const edgesMel = Float64Array.from({ length: o.numFilters + 2 }, (_, i) => lo + i * step)
  const bins = o.fftLength / 2 + 1
  const binMel = Float64Array.from({ length: bins }, (_, k) => hzToMel((k * o.rateHz) / o.fftLength))
  const firstBin = new Int32Array(o.numFilters)
  const binCount = new Int32Array(o.numFilters)
  const offset = new Int32Array(o.numFilters)
  const packed: number[] = []
  for (let m = 0; m < o.numFilters; m++) {
    const [left, centre, right] = [edgesMel[m]!, edgesMel[m + 1]!, edgesMel[m + 2]!]
    offset[m] = packed.length
    firstBin[m] = -1
    for (let k = 0; k < bins; k++) {
      const w = Math.max(
        0,
        Math.min((binMel[k]! - left) / (centre - left), (right - binMel[k]!) / (right - centre)),
      )
      if (w <= 0) continue
      if (firstBin[m] === -1) firstBin[m] = k
      // Bins between the first and this one all lie inside the triangle, so the run has no gaps.
      packed.push(w)
    }
    binCount[m] = packed.length - offset[m]!
    if (firstBin[m] === -1) firstBin[m] = 0
  }
  return {
    numFilters: o.numFilters,
    fftLength: o.fftLength,
    edgesMel,
    firstBin,
    binCount,
    offset,
    weights: Float32Array.from(packed),
  }
}

/** Indices of filters that no FFT bin reaches (too many filters for the FFT size). */
export function emptyFilters(fb: MelFilterbank): number[] {
  const empty: number[] = []
  for (let m = 0; m < fb.numFilters; m++) if (fb.binCount[m] === 0) empty.push(m)
  return empty
}

/** E[m] = Σ_k W[m][k]·P[k] for one power spectrum `power` (bins 0…N/2), into `out` at `outOffset`. */
export function applyFilterbank(
  fb: MelFilterbank,
  power: ArrayLike<number>,
  out: Float64Array,
  outOffset: number,
): void {
  for (let m = 0; m < fb.numFilters; m++) {
    let sum = 0
    const first = fb.firstBin[m]!
    const off = fb.offset[m]!
    for (let j = 0; j < fb.binCount[m]!; j++) sum += fb.weights[off + j]! * power[first + j]!
    out[outOffset + m] = sum
  }
}
