import { powerSpectrum } from '../dsp/fft'

/**
 * A spectrogram for pictures (the dataset's audio thumbnails): `frames` columns of `bins` rows of power in
 * dB (10·log10, floor −120 dB), from Hann-windowed FFTs of `fftSize` values centred on evenly spaced points
 * of the signal. Row 0 is 0 Hz. Column-major: `db[column · bins + row]`.
 */
export interface Spectrogram {
  readonly columns: number
  readonly bins: number
  readonly db: Float32Array
  readonly maxDb: number
}

export function spectrogram(signal: ArrayLike<number>, columns: number, fftSize = 256): Spectrogram {
  const bins = fftSize / 2 + 1
  const db = new Float32Array(columns * bins)
  const frame = new Float64Array(fftSize)
  const power = new Float64Array(bins)
  const hann = Float64Array.from(
    { length: fftSize },
    (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / fftSize),
  )
  let maxDb = -120
  for (let c = 0; c < columns; c++) {
    const centre = Math.floor(((c + 0.5) * signal.length) / columns)
    const start = centre - fftSize / 2
    for (let i = 0; i < fftSize; i++) {
      const at = start + i
      frame[i] = at >= 0 && at < signal.length ? signal[at]! * hann[i]! : 0
    }
    powerSpectrum(frame, fftSize, power)
    for (let k = 0; k < bins; k++) {
      const value = Math.max(-120, 10 * Math.log10(power[k]! + 1e-12))
      db[c * bins + k] = value
      if (value > maxDb) maxDb = value
    }
  }
  return { columns, bins, db, maxDb }
}
