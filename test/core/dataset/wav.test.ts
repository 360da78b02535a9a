import { describe, expect, it } from 'vitest'
import { decodeWav, encodeWav } from '../../../src/core/dataset/formats/wav'
import { wavBytes } from './import-fixtures'

describe('WAV import', () => {
  it('reads 16-bit mono PCM at any rate as values k/32768', () => {
    const wav = decodeWav(
      'yes.wav',
      wavBytes({ channels: 1, rate: 44100, bits: 16, samples: [0, 1, -1, 32767, -32768] }),
    )
    expect(wav.rateHz).toBe(44100)
    expect(Array.from(wav.values)).toEqual([0, 1, -1, 32767, -32768].map((k) => k / 32768))
  })

  it('skips unknown chunks with their pad byte and mixes stereo to mono (the mean, rounded half up)', () => {
    const wav = decodeWav(
      's.wav',
      wavBytes({ channels: 2, rate: 8000, bits: 16, samples: [100, 300, -5, -6], extraChunk: true }),
    )
    expect(Array.from(wav.values)).toEqual([200 / 32768, -5 / 32768])
  })

  it('refuses a truncated file, naming the byte where it ends', () => {
    const whole = wavBytes({ channels: 1, rate: 16000, bits: 16, samples: new Array(100).fill(7) })
    expect(() => decodeWav('no.3.wav', whole.slice(0, 120))).toThrow(
      /^no\.3\.wav, byte 120: the file is truncated: its data chunk at byte 36 declares 200 bytes but only 76 follow/,
    )
  })

  it('refuses 8-bit and floating-point audio with the conversion to make', () => {
    expect(() => decodeWav('a.wav', wavBytes({ channels: 1, rate: 8000, bits: 8, samples: [] }))).toThrow(
      /8-bit audio.*sox/,
    )
    expect(() =>
      decodeWav('a.wav', wavBytes({ channels: 1, rate: 8000, bits: 16, samples: [], tag: 3 })),
    ).toThrow(/floating-point/)
  })

  it('writes files it reads back to the same values', () => {
    const values = Float32Array.from({ length: 999 }, (_, i) => Math.round(Math.sin(i) * 30000) / 32768)
    expect(Array.from(decodeWav('x.wav', encodeWav(values, 16000)).values)).toEqual(Array.from(values))
  })
})

describe('WAV files with chunks after the data', () => {
  it('reads the audio and stops at the end of the data chunk (a LIST chunk after it, as editors write)', () => {
    const body = wavBytes({ channels: 1, rate: 16000, bits: 16, samples: [5, -5, 9] })
    const list = new Uint8Array([...'LIST'].map((c) => c.charCodeAt(0)).concat([4, 0, 0, 0, 1, 2, 3, 4]))
    const wav = decodeWav('tail.wav', Uint8Array.from([...body, ...list]))
    expect(Array.from(wav.values)).toEqual([5, -5, 9].map((k) => k / 32768))
  })
})
