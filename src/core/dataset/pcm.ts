/**
 * Audio values live on the 16-bit PCM grid: k/32768 for an integer k in [−32768, 32767]. Anything that
 * makes audio (microphone, WAV import, resampling) rounds to it, so that WAV and Edge Impulse JSON (integer
 * "wav" values) round trips are exact.
 */
export const PCM16_SCALE = 32768

/** The nearest grid value of `x` (clamped to the 16-bit range), as a float32-exact number. */
export function toPcm16Int(x: number): number {
  const k = Math.round(x * PCM16_SCALE)
  return k > 32767 ? 32767 : k < -32768 ? -32768 : k
}

export function quantizeToPcm16(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length)
  for (let i = 0; i < values.length; i++) out[i] = toPcm16Int(values[i]!) / PCM16_SCALE
  return out
}

/** `quantizeToPcm16` in place, for values the caller owns (a long recording is not copied). */
export function quantizeToPcm16InPlace(values: Float32Array): Float32Array {
  for (let i = 0; i < values.length; i++) values[i] = toPcm16Int(values[i]!) / PCM16_SCALE
  return values
}

/** True when every value is already on the grid (so integer export loses nothing). */
export function isOnPcm16Grid(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const k = values[i]! * PCM16_SCALE
    if (!Number.isInteger(k) || k > 32767 || k < -32768) return false
  }
  return true
}
