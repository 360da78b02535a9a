import { beforeAll, describe, expect, it } from 'vitest'
import { selectTrainingBackend } from '../../../../src/core/train/backend-choice'
import { trainSettingsSchema } from '../../../../src/core/train/settings'
import { keywordSamples, keywordsDesign } from '../../../../src/main/services/demo/demo-samples'
import { generateKeywordClips } from '../../../../src/main/services/demo/keywords-demo'
import { SpeechSynth } from '../../../../src/main/services/demo/speech-synth'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'
import { demoAgreement } from './demo-agreement'

beforeAll(async () => {
  await selectTrainingBackend('auto')
})

describe('the C feature blocks classify the demos like the TypeScript ones', () => {
  it('keywords: the same class for ≥ 99 % of the test windows, from float and from fixed-point C features', async () => {
    const synth = new SpeechSynth(nodeProcessRunner, nodeFileSystem)
    await synth.open()
    const clips = await generateKeywordClips(synth, { perClass: 40 }).finally(() => synth.close())
    const samples = keywordSamples(clips, new Date('2026-01-01T00:00:00.000Z'))
    const values = new Map(samples.map((s) => [s.meta.id, s.values]))
    const base = keywordsDesign(samples)
    const design = { ...base, training: trainSettingsSchema.parse({ ...base.training, epochs: 20 }) }
    const result = await demoAgreement(
      design,
      { samples: samples.map((s) => s.meta), load: async (id) => values.get(id)! },
      values,
      1 / 32768,
    )
    console.log('keywords', JSON.stringify(result))
    expect(result.windows).toBeGreaterThanOrEqual(48)
    expect(result.agree.float).toBeGreaterThanOrEqual(0.99)
    expect(result.agree.fixed).toBeGreaterThanOrEqual(0.99)
  })
})
