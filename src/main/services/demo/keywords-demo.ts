import { quantizeToPcm16 } from '../../../core/dataset/pcm'
import type { Category } from '../../../core/dataset/sample'
import { createRng, hashSeed, type Rng } from '../../../core/train/random'
import { DEMO_RATE_HZ, type NoiseBed, type SpeechSynth, type Utterance } from './speech-synth'

/**
 * The keywords demo's recordings: 1 s clips at 16 kHz of four keywords, other words ("unknown") and
 * background noise ("noise"). Words are spoken by espeak-ng in several English voices and variants, at
 * random speeds (120–200 words per minute) and pitches (20–80), placed at a random offset in the second with a
 * random level, over noise from sox (pink, brown, white, band-limited and tremolo beds) at a random level
 * (about 15–35 dB below the speech). Every 5th clip of each class is in the test split. Deterministic for a
 * seed, given the same espeak-ng and sox.
 */
export const KEYWORDS = ['yes', 'no', 'left', 'right'] as const
export const UNKNOWN_LABEL = 'unknown'
export const NOISE_LABEL = 'noise'
export const KEYWORD_LABELS = [...KEYWORDS, NOISE_LABEL, UNKNOWN_LABEL]

const UNKNOWN_WORDS = [
  'house',
  'bird',
  'seven',
  'tree',
  'happy',
  'cat',
  'dog',
  'bed',
  'wow',
  'marvin',
  'sheila',
  'four',
  'nine',
  'learn',
  'follow',
  'visual',
]
const VOICES = ['en-us', 'en-gb', 'en-gb-scotland', 'en-029', 'en-gb-x-rp', 'en-gb-x-gbclan']
const VARIANTS = ['m1', 'm3', 'm7', 'f1', 'f3', 'f4', 'klatt', 'm2']

export const NOISE_BEDS: readonly NoiseBed[] = [
  { name: 'pink', seconds: 8, synth: ['pinknoise'] },
  { name: 'brown', seconds: 8, synth: ['brownnoise'] },
  { name: 'white', seconds: 8, synth: ['whitenoise', 'lowpass', '6000'] },
  { name: 'hum', seconds: 8, synth: ['pinknoise', 'bandpass', '300', '200'] },
  { name: 'fan', seconds: 8, synth: ['brownnoise', 'tremolo', '3', '40'] },
  { name: 'hiss', seconds: 8, synth: ['whitenoise', 'highpass', '2000', 'tremolo', '0.5', '60'] },
]

export interface KeywordClip {
  readonly label: string
  readonly index: number
  readonly category: Category
  readonly values: Float32Array
  /** What made it, for the sample's source field: "espeak-ng en-us+m3, 160 wpm, pitch 40". */
  readonly source: string
}

export interface KeywordOptions {
  readonly seed?: number
  /** Clips per class (default 100). */
  readonly perClass?: number
  readonly onProgress?: (done: number, total: number) => void
}

function utterance(text: string, i: number, rng: Rng): Utterance {
  const voice = `${VOICES[i % VOICES.length]}+${VARIANTS[rng.int(0, VARIANTS.length - 1)]}`
  return { text, voice, speed: rng.int(120, 200), pitch: rng.int(20, 80) }
}

function rms(values: Float32Array): number {
  let s = 0
  for (const v of values) s += v * v
  return Math.sqrt(s / Math.max(1, values.length))
}

/** Adds `gain ·` a random stretch of `bed` (normalised to unit RMS) to `clip`. */
function addBed(clip: Float32Array, bed: Float32Array, bedRms: number, gain: number, rng: Rng): void {
  const start = rng.int(0, Math.max(0, bed.length - clip.length - 1))
  for (let i = 0; i < clip.length; i++)
    clip[i] = clip[i]! + (gain / bedRms) * (bed[(start + i) % bed.length] ?? 0)
}

/** One second: the speech at a random offset and level (peak 0.3–0.8), over noise. */
function mix(speech: Float32Array | undefined, beds: readonly Float32Array[], rng: Rng): Float32Array {
  const clip = new Float32Array(DEMO_RATE_HZ)
  if (speech && speech.length > 0) {
    const body = speech.length > clip.length ? speech.subarray((speech.length - clip.length) >> 1) : speech
    let peak = 0
    for (const v of body) peak = Math.max(peak, Math.abs(v))
    const gain = rng.uniform(0.3, 0.8) / Math.max(peak, 1e-6)
    const offset = rng.int(0, Math.max(0, clip.length - body.length))
    for (let i = 0; i < Math.min(body.length, clip.length); i++) clip[offset + i] = body[i]! * gain
  }
  const bed = beds[rng.int(0, beds.length - 1)]!
  const level = speech ? rng.uniform(0.004, 0.03) : rng.uniform(0.01, 0.12)
  addBed(clip, bed, Math.max(rms(bed), 1e-6), level, rng)
  for (let i = 0; i < clip.length; i++) clip[i] = Math.max(-1, Math.min(32767 / 32768, clip[i]!))
  return quantizeToPcm16(clip)
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the input order in the result. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await work(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return out
}

export async function generateKeywordClips(
  synth: SpeechSynth,
  options: KeywordOptions = {},
): Promise<KeywordClip[]> {
  const seed = options.seed ?? 16000
  const perClass = options.perClass ?? 100
  const beds: Float32Array[] = []
  for (const bed of NOISE_BEDS) beds.push(await synth.noise(bed))
  const plan: { label: string; index: number; utterance?: Utterance }[] = []
  KEYWORD_LABELS.forEach((label, l) => {
    const rng = createRng(hashSeed(seed, l + 1))
    for (let i = 0; i < perClass; i++) {
      const text = label === UNKNOWN_LABEL ? UNKNOWN_WORDS[i % UNKNOWN_WORDS.length]! : label
      plan.push(
        label === NOISE_LABEL ? { label, index: i } : { label, index: i, utterance: utterance(text, i, rng) },
      )
    }
  })
  let done = 0
  return mapLimited(plan, 2, async (item): Promise<KeywordClip> => {
    const speech = item.utterance ? await synth.speak(item.utterance) : undefined
    const rng = createRng(hashSeed(hashSeed(seed, KEYWORD_LABELS.indexOf(item.label) + 101), item.index + 1))
    options.onProgress?.(++done, plan.length)
    const u = item.utterance
    return {
      label: item.label,
      index: item.index,
      category: item.index % 5 === 4 ? 'testing' : 'training',
      values: mix(speech, beds, rng),
      source: u
        ? `keywords demo: espeak-ng ${u.voice}, ${u.speed} wpm, pitch ${u.pitch}, "${u.text}"`
        : 'keywords demo: sox noise',
    }
  })
}
