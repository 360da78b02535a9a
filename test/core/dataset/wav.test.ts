import { describe, expect, it } from 'vitest'
import { decodeWav, encodeWav } from '../../../src/core/dataset/formats/wav'

/** A WAV written field by field from the RIFF spec, independently of the encoder under test. */
function wavBytes(opts: {
  channels: number
  rate: number
  bits: number
  samples: number[]
  tag?: number
  extraChunk?: boolean
}): Uint8Array {
  const bytesPerSample = opts.bits / 8
  const data = opts.samples.length * bytesPerSample
  const extra = opts.extraChunk ? 8 + 3 + 1 : 0
  const buf = new Uint8Array(44 + extra + data)
  const v = new DataView(buf.buffer)
  const str = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)))
  str(0, 'RIFF')
  v.setUint32(4, buf.length - 8, true)
  str(8, 'WAVE')
  str(12, 'fmt ')
  v.setUint32(16, 16, true)
  v.setUint16(20, opts.tag ?? 1, true)
  v.setUint16(22, opts.channels, true)
  v.setUint32(24, opts.rate, true)
  v.setUint32(28, opts.rate * opts.channels * bytesPerSample, true)
  v.setUint16(32, opts.channels * bytesPerSample, true)
  v.setUint16(34, opts.bits, true)
  let at = 36
  if (opts.extraChunk) {
    str(at, 'LIST')
    v.setUint32(at + 4, 3, true)
    at += 12
  }
  str(at, 'data')
  v.setUint32(at + 4, data, true)
  opts.samples.forEach((s, i) => v.setInt16(at + 8 + i * 2, s, true))
  return buf
}

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
