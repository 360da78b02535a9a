/**
 * A small spoken-keywords set the keywords demo never made: 8 words, voices and voice variants the demo
 * does not use, slower and faster speech (90–119 and 201–260 words per minute against the demo's 120–200),
 * pitches outside its 20–80, and noise 2–6 % RMS under the speech (the demo: 0.4–3 %). Made with the
 * demo's own synthesiser (espeak-ng + sox, src/main/services/demo/speech-synth.ts), seeded.
 */
import type { SampleMeta } from '../../src/core/dataset/sample'
import { createRng, hashSeed, type Rng } from '../../src/core/train/random'
import type { SampleSource } from '../../src/core/train/data-pipeline'
import { NOISE_BEDS } from '../../src/main/services/demo/keywords-demo'
import { DEMO_RATE_HZ, SpeechSynth, type Utterance } from '../../src/main/services/demo/speech-synth'
import { nodeFileSystem } from '../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../src/main/services/system/process-runner'

export const WORDS = ['stop', 'go', 'up', 'down', 'red', 'green', 'light', 'fan'] as const
const VOICES = ['en-us-nyc', 'en-gb-x-gbcwmd', 'en-us', 'en-gb-scotland', 'en-029']
const VARIANTS = ['m4', 'm5', 'm6', 'm8', 'f2', 'f5', 'klatt3', 'grandpa', 'Andy', 'annie']

function utterance(text: string, rng: Rng): Utterance {
  const slow = rng.uniform(0, 1) < 0.5
  const low = rng.uniform(0, 1) < 0.5
  return {
    text,
    voice: `${VOICES[rng.int(0, VOICES.length - 1)]}+${VARIANTS[rng.int(0, VARIANTS.length - 1)]}`,
    speed: slow ? rng.int(90, 119) : rng.int(201, 260),
    pitch: low ? rng.int(0, 19) : rng.int(81, 99),
  }
}

/** The keywords demo's kind of speech (its voices, 120–200 wpm, pitch 20–80), for the backbone's own check. */
function demoUtterance(text: string, rng: Rng): Utterance {
  const voice = `${['en-us', 'en-gb'][rng.int(0, 1)]}+${['m1', 'm3', 'f1', 'f3'][rng.int(0, 3)]}`
  return { text, voice, speed: rng.int(120, 200), pitch: rng.int(20, 80) }
}

function rms(values: Float32Array): number {
  let s = 0
  for (const v of values) s += v * v
  return Math.sqrt(s / Math.max(1, values.length))
}

/** One second: the word at a random offset, peak 0.2–0.9, over a random stretch of a noise bed. */
function mix(speech: Float32Array, beds: readonly Float32Array[], rng: Rng): Float32Array {
  const clip = new Float32Array(DEMO_RATE_HZ)
  const body = speech.length > clip.length ? speech.subarray((speech.length - clip.length) >> 1) : speech
  let peak = 1e-6
  for (const v of body) peak = Math.max(peak, Math.abs(v))
  const gain = rng.uniform(0.2, 0.9) / peak
  const offset = rng.int(0, Math.max(0, clip.length - body.length))
  for (let i = 0; i < Math.min(body.length, clip.length); i++) clip[offset + i] = body[i]! * gain
  const bed = beds[rng.int(0, beds.length - 1)]!
  const level = rng.uniform(0.02, 0.06) / Math.max(rms(bed), 1e-6)
  const start = rng.int(0, bed.length - clip.length - 1)
  for (let i = 0; i < clip.length; i++)
    clip[i] = Math.max(-1, Math.min(1, clip[i]! + level * bed[start + i]!))
  return clip
}

export interface SpeechSet {
  readonly source: SampleSource
  readonly seconds: number
}

function meta(id: string, label: string, category: 'training' | 'testing', text: string): SampleMeta {
  return {
    id,
    kind: 'audio',
    label,
    category,
    rateHz: DEMO_RATE_HZ,
    axes: [{ name: 'audio', unit: '' }],
    length: DEMO_RATE_HZ,
    source: text,
    createdAt: '2026-12-07T00:00:00.000Z',
  }
}

/** `train` + `test` clips per word of `words` (default: the 8 WORDS in the bench's voices). */
export async function makeSpeechSet(
  train: number,
  test: number,
  options: { seed?: number; words?: readonly string[]; demoVoices?: boolean } = {},
): Promise<SpeechSet> {
  const started = Date.now()
  const synth = new SpeechSynth(nodeProcessRunner, nodeFileSystem)
  await synth.open()
  try {
    const beds: Float32Array[] = []
    for (const bed of NOISE_BEDS) beds.push(await synth.noise(bed))
    const samples: SampleMeta[] = []
    const values = new Map<string, Float32Array>()
    const words = options.words ?? WORDS
    for (const [w, word] of words.entries()) {
      for (let i = 0; i < train + test; i++) {
        const rng = createRng(hashSeed(hashSeed(options.seed ?? 1414, w + 1), i + 1))
        const u = options.demoVoices ? demoUtterance(word, rng) : utterance(word, rng)
        const id = `${word}-${i}`
        values.set(id, mix(await synth.speak(u), beds, rng))
        samples.push(
          meta(id, word, i < train ? 'training' : 'testing', `${u.voice} ${u.speed} wpm p${u.pitch}`),
        )
      }
    }
    return {
      source: { samples, load: async (id) => values.get(id)! },
      seconds: (Date.now() - started) / 1000,
    }
  } finally {
    await synth.close()
  }
}
