/**
 * Band-limited resampling of one signal (WAV import at any rate to 16 kHz, the microphone's 48 kHz to
 * 16 kHz): each output value is the input convolved with a Kaiser-windowed sinc centred on the output
 * instant, the sinc's cutoff at `rolloff` × the lower Nyquist frequency so that downsampling does not alias.
 * Input outside the signal reads as 0. The kernel is tabulated at 1/512 of an input sample and interpolated
 * linearly. A kernel is `zeroCrossings / (rolloff · ratio)` input samples on each side, so a steep reduction
 * (16 kHz → 1 Hz) would need a kernel of hundreds of thousands of samples; reductions by more than
 * `MAX_STAGE_FACTOR` are made in stages of exactly that factor (each low-passed at its own output's Nyquist
 * frequency, which keeps everything below the final cutoff), then one last stage to the target rate. Cost:
 * about `2 · zeroCrossings / min(1, to/from)` multiply-adds per output value of a stage (≈ 90 for
 * 44.1 → 16 kHz), at most ≈ 45 per input value in all, and memory of 4/3 of the input for the stages.
 */
export interface ResampleOptions {
  /** Zero crossings of the sinc on each side: longer is sharper and slower. Default 16. */
  readonly zeroCrossings?: number
  /** Cutoff as a fraction of the lower Nyquist frequency. Default 0.95. */
  readonly rolloff?: number
  /** Kaiser β: stopband attenuation ≈ 8.7·β dB. Default 8.6 (≈ 75 dB). */
  readonly kaiserBeta?: number
}

export function resampledLength(inputLength: number, fromHz: number, toHz: number): number {
  return Math.round((inputLength * toHz) / fromHz)
}

/** The largest reduction of the rate made in one stage (see the module comment). */
export const MAX_STAGE_FACTOR = 4

export function resample(
  input: Float32Array,
  fromHz: number,
  toHz: number,
  options: ResampleOptions = {},
): Float32Array {
  if (!(fromHz > 0 && toHz > 0 && Number.isFinite(fromHz) && Number.isFinite(toHz)))
    throw new RangeError('resample: rates must be positive and finite')
  const rates = resampleStages(fromHz, toHz)
  let signal = input
  for (let s = 1; s < rates.length; s++) {
    const length = s === rates.length - 1 ? resampledLength(input.length, fromHz, toHz) : undefined
    signal = resampleStage(signal, rates[s - 1]!, rates[s]!, options, length)
  }
  return rates.length === 1 ? input.slice() : signal
}

/** The rates a signal passes through, from `fromHz` to `toHz`: no step reduces by more than MAX_STAGE_FACTOR. */
export function resampleStages(fromHz: number, toHz: number): number[] {
  const rates = [fromHz]
  while (rates[rates.length - 1]! / toHz > MAX_STAGE_FACTOR)
    rates.push(rates[rates.length - 1]! / MAX_STAGE_FACTOR)
  if (toHz !== fromHz) rates.push(toHz)
  return rates
}

/** One stage, the first output value at the instant of the first input value. */
function resampleStage(
  input: Float32Array,
  fromHz: number,
  toHz: number,
  options: ResampleOptions,
  outLength = resampledLength(input.length, fromHz, toHz),
): Float32Array {
  const out = new Float32Array(outLength)
  const zeroCrossings = options.zeroCrossings ?? 16
  const beta = options.kaiserBeta ?? 8.6
  // Cutoff in cycles per input sample (the input Nyquist is 0.5).
  const cutoff = 0.5 * Math.min(1, toHz / fromHz) * (options.rolloff ?? 0.95)
  const halfWidth = zeroCrossings / (2 * cutoff)
  const kernel = kernelTable(cutoff, halfWidth, beta)
  const step = fromHz / toHz
  for (let j = 0; j < out.length; j++) {
    const centre = j * step
    const first = Math.max(0, Math.ceil(centre - halfWidth))
    const last = Math.min(input.length - 1, Math.floor(centre + halfWidth))
    let acc = 0
    for (let k = first; k <= last; k++) acc += input[k]! * kernelAt(kernel, Math.abs(k - centre))
    out[j] = acc
  }
  return out
}

/** Table steps per input sample: linear interpolation between them is accurate to ~1e-6 of full scale. */
const TABLE_STEPS = 512

/** The windowed sinc `2fc·sinc(2fc·u)·kaiser(u / halfWidth)` for u = 0, 1/512, … halfWidth. */
function kernelTable(cutoff: number, halfWidth: number, beta: number): Float64Array {
  const table = new Float64Array(Math.ceil(halfWidth * TABLE_STEPS) + 2)
  const i0Beta = besselI0(beta)
  for (let i = 0; i < table.length; i++) {
    const u = i / TABLE_STEPS
    const t = u / halfWidth
    if (t > 1) continue
    table[i] = 2 * cutoff * sinc(2 * cutoff * u) * (besselI0(beta * Math.sqrt(1 - t * t)) / i0Beta)
  }
  return table
}

function kernelAt(table: Float64Array, u: number): number {
  const x = u * TABLE_STEPS
  const i = Math.floor(x)
  if (i + 1 >= table.length) return 0
  const f = x - i
  return table[i]! * (1 - f) + table[i + 1]! * f
}

function sinc(x: number): number {
  if (x === 0) return 1
  const px = Math.PI * x
  return Math.sin(px) / px
}

/** Modified Bessel function of the first kind, order 0, by its power series (converges for all x). */
export function besselI0(x: number): number {
  let sum = 1
  let term = 1
  const q = (x * x) / 4
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k)
    sum += term
    if (term < sum * 1e-17) break
  }
  return sum
}
