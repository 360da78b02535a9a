import { describe, expect, it } from 'vitest'
import { CHECK_SLICE_VALUES, checkNewSample } from '../../../../src/main/services/dataset/new-sample'
import { quantizeToPcm16 } from '../../../../src/core/dataset/pcm'
import type { NewSample } from '../../../../src/shared/api/dataset'

const LENGTH = Math.floor(CHECK_SLICE_VALUES * 3.5)
const WAVE = new Float32Array(LENGTH)
for (let i = 0; i < LENGTH; i++) WAVE[i] = Math.sin(i / 9.3) * 0.7 + 1e-6

/** Audio over three and a half slices, off the 16-bit grid (the microphone's raw floats). */
function longAudio(): NewSample {
  const audio = { name: 'audio', unit: '' }
  return {
    kind: 'audio',
    label: ' long ',
    rateHz: 16000,
    axes: [audio],
    length: LENGTH,
    source: 'test',
    values: WAVE.slice(),
  }
}

describe('checkNewSample on long samples', () => {
  it('puts audio longer than one slice on the 16-bit grid exactly as the whole-array quantizer does', async () => {
    const sample = longAudio()
    const before = sample.values.slice()
    const checked = await checkNewSample(sample)
    expect(checked.label).toBe('long')
    expect(Buffer.from(checked.values.buffer).equals(Buffer.from(quantizeToPcm16(before).buffer))).toBe(true)
    expect(Buffer.from(sample.values.buffer).equals(Buffer.from(before.buffer))).toBe(true)
  })

  it('keeps audio already on the grid as it is, without a copy', async () => {
    const sample = longAudio()
    const onGrid = { ...sample, values: quantizeToPcm16(sample.values) }
    expect((await checkNewSample(onGrid)).values).toBe(onGrid.values)
  })

  it('names a value that is not finite by its place in the whole sample, in a later slice', async () => {
    const sample = longAudio()
    sample.values[CHECK_SLICE_VALUES * 2 + 5] = Number.NaN
    await expect(checkNewSample(sample)).rejects.toThrow(
      `The sample " long " from test cannot be stored: value ${CHECK_SLICE_VALUES * 2 + 5} is not a finite number.`,
    )
  })

  it('lets other work run between its slices (a 49 MB WAV held the event loop for a second)', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 0)
    await checkNewSample(longAudio())
    clearInterval(timer)
    expect(ticks).toBeGreaterThanOrEqual(3)
  })
})
