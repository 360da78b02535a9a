import { describe, expect, it } from 'vitest'
import { generateKeywordClips, KEYWORD_LABELS } from '../../../../src/main/services/demo/keywords-demo'
import { SpeechSynth } from '../../../../src/main/services/demo/speech-synth'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'

async function clips(perClass: number, seed: number) {
  const synth = new SpeechSynth(nodeProcessRunner, nodeFileSystem)
  await synth.open()
  try {
    return await generateKeywordClips(synth, { perClass, seed })
  } finally {
    await synth.close()
  }
}

const rms = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length)

describe('the keywords demo, synthesised with espeak-ng and sox', () => {
  it('makes 1 s clips at 16 kHz on the 16-bit grid, speech clearly louder than the noise-only class', async () => {
    const all = await clips(5, 3)
    expect(all).toHaveLength(5 * KEYWORD_LABELS.length)
    for (const c of all) {
      expect(c.values).toHaveLength(16000)
      for (let i = 0; i < c.values.length; i += 97) expect(Number.isInteger(c.values[i]! * 32768)).toBe(true)
    }
    expect(all.filter((c) => c.category === 'testing').map((c) => c.index)).toEqual(
      KEYWORD_LABELS.map(() => 4),
    )
    const loudness = (label: string) => all.filter((c) => c.label === label).map((c) => rms(c.values))
    const speech = Math.min(...loudness('yes'), ...loudness('right'))
    expect(speech).toBeGreaterThan(0.03)
    expect(all.find((c) => c.label === 'yes')!.source).toMatch(
      /espeak-ng en-us\+\w+, \d+ wpm, pitch \d+, "yes"/,
    )
  }, 120_000)

  it('repeats for a seed', async () => {
    const digest = (list: Awaited<ReturnType<typeof clips>>) =>
      list.map((c) => `${c.label}:${c.values.reduce((h, v, i) => (h + v * (i + 1)) % 1e9, 0)}`)
    const [a, b] = [await clips(2, 11), await clips(2, 11)]
    expect(digest(b)).toEqual(digest(a))
    expect(b.every((c, i) => c.values.every((v, j) => v === a[i]!.values[j]))).toBe(true)
  }, 120_000)
})
