import { describe, expect, it } from 'vitest'
import { ByteLines } from '../../../src/core/dataset/formats/byte-lines'
import { decodeUtf8 } from '../../../src/core/util/text-codecs'
import { WavReader, decodeWav } from '../../../src/core/dataset/formats/wav'
import { bytesSource, sampleStream, type ImportSource } from '../../../src/core/dataset/import-source'
import { bytesOf, lcg, utf8 } from './fixtures'
import { wavBytes } from './import-fixtures'

/** Every sample of a source and the file's facts, as the importer reads them. */
async function readAll(source: ImportSource, rateHz?: number) {
  const stream = sampleStream(source, rateHz === undefined ? {} : { rateHz })
  const samples = []
  let next = await stream.next()
  for (; !next.done; next = await stream.next())
    samples.push({ ...next.value, values: bytesOf(next.value.values) })
  return { samples, facts: next.value }
}

const CHUNK_SIZES = [1, 2, 3, 5, 7, 64, 1000]

describe('files read in chunks cut anywhere give what the whole file gives', () => {
  it('CSV: a byte order mark, CRLF, multi-byte UTF-8 in names and labels, runs of labels', async () => {
    const text =
      '\ufefftime_s,label,"accX (m/s²)",gyro\r\n' +
      Array.from(
        { length: 40 },
        (_, i) => `${i / 50},${i < 25 ? 'wave' : 'größe'},${i * 0.5},${-i}\r\n`,
      ).join('')
    const whole = await readAll(bytesSource('mixed.csv', utf8(text), 1 << 20))
    expect(whole.samples.map((s) => [s.label, s.length])).toEqual([
      ['wave', 25],
      ['größe', 15],
    ])
    expect(whole.samples[0]!.axes).toEqual([
      { name: 'accX', unit: 'm/s²' },
      { name: 'gyro', unit: '' },
    ])
    expect(whole.facts.rateHz).toBe(50)
    for (const size of CHUNK_SIZES)
      expect(await readAll(bytesSource('mixed.csv', utf8(text), size))).toEqual(whole)
  })

  it('WAV: stereo with an odd chunk before the data, mixed to mono the same way', async () => {
    const rand = lcg(5)
    const samples = Array.from({ length: 2 * 301 }, () => Math.round((rand() * 2 - 1) * 32767))
    const bytes = wavBytes({ channels: 2, rate: 22050, bits: 16, samples, extraChunk: true })
    const whole = await readAll(bytesSource('s.wav', bytes, 1 << 20))
    expect(whole.samples[0]!.length).toBe(301)
    expect(whole.samples[0]!.values).toEqual(bytesOf(decodeWav('s.wav', bytes).values))
    for (const size of CHUNK_SIZES) expect(await readAll(bytesSource('s.wav', bytes, size))).toEqual(whole)
  })

  it('WAV: a data chunk that claims more than the file holds is refused before its values are allocated', () => {
    const bytes = wavBytes({ channels: 1, rate: 16000, bits: 16, samples: [1, 2, 3] })
    new DataView(bytes.buffer).setUint32(40, 0xfffffff0, true) // 4 GiB of data, claimed
    const reader = new WavReader('huge.wav', { fileBytes: bytes.length })
    expect(() => reader.push(bytes)).toThrow(
      /^huge\.wav, byte 50: the file is truncated: its data chunk at byte 36 declares 4294967280 bytes but only 6 follow/,
    )
  })

  it('WAV: without the file size, the truncation is found at the end, with the byte where the file stops', () => {
    const bytes = wavBytes({ channels: 1, rate: 16000, bits: 16, samples: new Array<number>(100).fill(7) })
    const reader = new WavReader('cut.wav')
    reader.push(bytes.subarray(0, 120))
    expect(() => reader.end()).toThrow(
      /^cut\.wav, byte 120: the file is truncated: .* declares 200 bytes but only 76 follow/,
    )
  })

  it('text: a line that never ends is refused once it passes the limit, with its line number', () => {
    const lines: string[] = []
    const reader = new ByteLines(
      'bin.csv',
      (_, b, from, to) => lines.push(decodeUtf8(b.subarray(from, to))),
      64,
    )
    reader.push(utf8('a,b\n1,2\n'))
    expect(() => {
      for (let i = 0; i < 10; i++) reader.push(new Uint8Array(16).fill(0x41))
    }).toThrow(/^bin\.csv, line 3: the line runs on for more than 64 bytes without ending/)
    expect(lines).toEqual(['a,b', '1,2'])
  })
})
