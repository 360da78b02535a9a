import { z } from 'zod'
import { dspFailure } from '../errors'
import { isPowerOfTwo, powerSpectrum } from '../fft'
import { applyFilterbank, emptyFilters, melFilterbank, type MelFilterbank } from '../mel'
import type { InputShape, SeriesShape } from '../types'
import { windowTable } from '../window-functions'
import { requireSeries, type FeatureBlock } from './block'

/**
 * The MLPerf Tiny keyword-spotting front end, exactly as its training pipeline computes the DS-CNN's input
 * (`get_dataset.py` of mlcommons/tiny, TensorFlow ops), so that the shipped `kws_ref_model.tflite` sees the
 * features it was trained on. For one window x of one-axis audio at 16 kHz:
 *   1. x ← x / max(x)  — TF's `reduce_max`, the largest value (not the largest magnitude); a window whose
 *      maximum is ≤ 0 is left as it is (TF would divide by zero or flip the sign);
 *   2. pad with zeros (or cut) to `clipSamples` (16 000);
 *   3. the pipeline's time shift: pad 2 zeros at both ends and slice `clipSamples` from offset 2 — which
 *      leaves the clip where it was (kept as a step so that the chain reads like the original);
 *   4. STFT: frames of L = 480 samples every S = 320 (no padding at the end: T = ⌊(16000 − 480)/320⌋ + 1 = 49),
 *      times the periodic Hann window, N = 512-point FFT; magnitude |X[k]|, k = 0…256;
 *   5. mel[t][m] = Σ_k W[m][k]·|X_t[k]| with W = `tf.signal.linear_to_mel_weight_matrix(40, 257, 16000, 20,
 *      4000)` (HTK mel, triangles in the mel domain, DC weight 0 — mel.ts builds the same matrix);
 *   6. l = ln(mel + 1e-6);
 *   7. `tf.signal.mfccs_from_log_mel_spectrograms`: c_k = √(2/M)·Σ_m l_m·cos(π·k·(2m+1)/(2M)) for every k —
 *      TF's unnormalised DCT-II times 1/√(2M), HTK's "almost orthonormal" scaling (c_0 is √2 larger than an
 *      orthonormal DCT's); the first `numCoefficients` (10) → `[49, 10]`;
 *   8. quantize = true: each value goes through the model input's int8 grid and back,
 *      q = clamp(round(c / scale) + zeroPoint, −128, 127), y = (q − zeroPoint)·scale (round half away from
 *      zero, in float32, as TFLite Micro's QUANTIZE) — so the float model trains on exactly what the int8 model reads.
 * Sums are in double; the STFT uses fft.js (fft.ts).
 */
export const kwsMfccParamsSchema = z.object({
  clipSamples: z.number().int().min(480).max(160_000).default(16_000),
  frameSamples: z.number().int().min(16).max(4096).default(480),
  strideSamples: z.number().int().min(1).max(4096).default(320),
  fftLength: z
    .number()
    .int()
    .refine(isPowerOfTwo, 'must be a power of two')
    .refine((n) => n <= 8192, 'must be at most 8192')
    .default(512),
  numFilters: z.number().int().min(2).max(128).default(40),
  lowHz: z.number().min(0).default(20),
  highHz: z.number().positive().default(4000),
  numCoefficients: z.number().int().min(1).max(128).default(10),
  logOffset: z.number().positive().max(1).default(1e-6),
  quantize: z.boolean().default(true),
  /** The pretrained model's input quantization (kws_ref_model.tflite's `input_1`). */
  inputScale: z.number().positive().default(0.5847029089927673),
  inputZeroPoint: z.number().int().min(-128).max(127).default(83),
})
export type KwsMfccParams = z.output<typeof kwsMfccParamsSchema>

/** The rate the front end works at: MLPerf's model was trained on 16 kHz Speech Commands clips. */
export const KWS_RATE_HZ = 16_000

function frames(p: KwsMfccParams): number {
  return Math.floor((p.clipSamples - p.frameSamples) / p.strideSamples) + 1
}

function check(p: KwsMfccParams, s: SeriesShape): void {
  if (s.axes !== 1)
    throw dspFailure(
      'InputMismatch',
      `The keyword-spotting front end needs one-axis audio, but these samples have ${s.axes} axes. Import the audio as mono.`,
    )
  if (s.rateHz !== KWS_RATE_HZ)
    throw dspFailure(
      'InputMismatch',
      `The keyword-spotting front end works at ${KWS_RATE_HZ} Hz (what the pretrained model heard); these samples are ${s.rateHz} Hz. Resample the audio to 16 kHz when importing, or choose MFE.`,
    )
  if (p.frameSamples > p.fftLength || p.frameSamples > p.clipSamples)
    throw dspFailure(
      'IncompatibleParams',
      `A ${p.frameSamples}-sample frame needs an FFT of at least that length and a clip at least that long. Raise the FFT length or shorten the frame.`,
    )
  if (p.numCoefficients > p.numFilters || p.lowHz >= p.highHz || p.highHz > KWS_RATE_HZ / 2)
    throw dspFailure(
      'IncompatibleParams',
      `The keyword-spotting front end needs coefficients ≤ filters (${p.numCoefficients} > ${p.numFilters}?) and 0 ≤ low < high ≤ 8000 Hz (${p.lowHz}–${p.highHz} Hz).`,
    )
}

let cached: { key: string; window: Float32Array; bank: MelFilterbank; dct: Float64Array } | undefined

function tables(p: KwsMfccParams) {
  const key = JSON.stringify([
    p.frameSamples,
    p.fftLength,
    p.numFilters,
    p.lowHz,
    p.highHz,
    p.numCoefficients,
  ])
  if (cached?.key === key) return cached
  const bank = melFilterbank({
    numFilters: p.numFilters,
    fftLength: p.fftLength,
    rateHz: KWS_RATE_HZ,
    lowHz: p.lowHz,
    highHz: p.highHz,
  })
  if (emptyFilters(bank).length > 0)
    throw dspFailure(
      'IncompatibleParams',
      `Some of the ${p.numFilters} mel filters fall between FFT bins. Raise the FFT length or use fewer filters.`,
    )
  const m = p.numFilters
  const dct = new Float64Array(p.numCoefficients * m)
  for (let k = 0; k < p.numCoefficients; k++)
    for (let i = 0; i < m; i++)
      dct[k * m + i] = Math.sqrt(2 / m) * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * m))
  cached = { key, window: windowTable('hann', p.frameSamples), bank, dct }
  return cached
}

/** Steps 1–3: the clip as the pipeline hands it to the STFT. */
export function kwsClip(values: ArrayLike<number>, count: number, clipSamples: number): Float64Array {
  let peak = -Infinity
  for (let i = 0; i < count; i++) peak = Math.max(peak, values[i]!)
  const gain = peak > 0 ? 1 / peak : 1
  const clip = new Float64Array(clipSamples)
  for (let i = 0; i < Math.min(count, clipSamples); i++) clip[i] = values[i]! * gain
  const padded = new Float64Array(clipSamples + 4)
  padded.set(clip, 2)
  return padded.subarray(2, 2 + clipSamples)
}

/** TFLite Micro's QUANTIZE arithmetic (division in float32, round half away from zero), and back. */
function quantized(c: number, p: KwsMfccParams): number {
  const r = Math.fround(Math.fround(c) / Math.fround(p.inputScale))
  const rounded = Math.sign(r) * Math.round(Math.abs(r))
  const q = Math.min(127, Math.max(-128, rounded + p.inputZeroPoint))
  return (q - p.inputZeroPoint) * p.inputScale
}

export const kwsMfccBlock: FeatureBlock<KwsMfccParams> = {
  id: 'kws-mfcc',
  title: 'KWS MFCC (MLPerf Tiny)',
  inputKind: 'series',
  schema: kwsMfccParamsSchema,
  defaults: kwsMfccParamsSchema.parse({}),
  describeOutput(p, input: InputShape) {
    check(p, requireSeries(input, 'KWS MFCC'))
    return [frames(p), p.numCoefficients]
  },
  compute(p, input) {
    const s = requireSeries(input, 'KWS MFCC')
    check(p, s)
    const { window, bank, dct } = tables(p)
    const clip = kwsClip(s.values, s.frames, p.clipSamples)
    const count = frames(p)
    const frame = new Float64Array(p.frameSamples)
    const spectrum = new Float64Array(p.fftLength / 2 + 1)
    const mel = new Float64Array(p.numFilters)
    const out = new Float32Array(count * p.numCoefficients)
    for (let t = 0; t < count; t++) {
      for (let i = 0; i < p.frameSamples; i++) frame[i] = clip[t * p.strideSamples + i]! * window[i]!
      powerSpectrum(frame, p.fftLength, spectrum)
      for (let k = 0; k < spectrum.length; k++) spectrum[k] = Math.sqrt(spectrum[k]!)
      applyFilterbank(bank, spectrum, mel, 0)
      for (let m = 0; m < p.numFilters; m++) mel[m] = Math.log(mel[m]! + p.logOffset)
      for (let k = 0; k < p.numCoefficients; k++) {
        let sum = 0
        for (let m = 0; m < p.numFilters; m++) sum += dct[k * p.numFilters + m]! * mel[m]!
        out[t * p.numCoefficients + k] = p.quantize ? quantized(sum, p) : sum
      }
    }
    return out
  },
}
