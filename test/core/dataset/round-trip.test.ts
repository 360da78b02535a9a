import { describe, expect, it } from 'vitest'
import { exportSample } from '../../../src/core/dataset/formats/sample-files'
import { parseSampleFile } from '../../../src/core/dataset/formats/sample-readers'
import { planImport } from '../../../src/core/dataset/import-files'
import { bytesSource } from '../../../src/core/dataset/import-source'
import { importValues } from '../../../src/core/dataset/import-values'
import { DatasetErrorCode, type ImportFile, type ImportOptions } from '../../../src/shared/api/dataset'
import { bytesOf, makeSample, utf8 } from './fixtures'

/** Both readings of an import of files in memory: the plan, and every planned sample with its values. */
async function importAll(files: readonly ImportFile[], options: ImportOptions = {}, keepBytes?: number) {
  const sources = files.map((f) => bytesSource(f.name, f.bytes, 7))
  const plan = await planImport(sources, options, [], keepBytes)
  const samples = []
  for await (const { sample, values } of importValues(plan, sources, options))
    samples.push({ ...sample, values })
  return { ...plan, samples }
}

describe('export → import', () => {
  for (const format of ['csv', 'ei-json'] as const) {
    it(`gives back the same samples through ${format}: values byte for byte, label, rate, axes, image size`, async () => {
      const samples = [
        makeSample('timeseries', { label: 'wave', seed: 1, rateHz: 62.5 }),
        makeSample('timeseries', { label: 'idle', seed: 2, axes: 6, rateHz: 1000 }),
        makeSample('timeseries', { label: 'circle', seed: 3, axes: 1, rateHz: 3 }),
        makeSample('audio', { label: 'yes', seed: 4, length: 16000 }),
        makeSample('image', { label: 'cat', seed: 5 }),
      ].map((s, i) => ({ ...s, meta: { ...s.meta, category: i % 2 ? 'testing' : 'training' } }) as typeof s)
      const files = samples.map((s) => {
        const f = exportSample(s, format, 1_700_000_000)
        return { name: `export/${s.meta.category}/${f.name}`, bytes: f.bytes }
      })
      for (const keepBytes of [undefined, 0]) {
        const plan = await importAll(files, {}, keepBytes)
        expect(plan.failed).toEqual([])
        expect(plan.samples).toHaveLength(samples.length)
        plan.samples.forEach((back, i) => {
          const orig = samples[i]!.meta
          expect({
            ...back,
            values: undefined,
            source: undefined,
            file: undefined,
            index: undefined,
          }).toEqual({
            kind: orig.kind,
            label: orig.label,
            category: orig.category,
            rateHz: orig.rateHz,
            axes: orig.axes,
            length: orig.length,
            ...(orig.image ? { image: orig.image } : {}),
            values: undefined,
            source: undefined,
            file: undefined,
            index: undefined,
          })
          expect(bytesOf(back.values)).toEqual(bytesOf(samples[i]!.values))
        })
      }
    })
  }

  it('takes labels from folders when asked, and the 80/20 rule when no folder says the category', async () => {
    const csv = utf8('timestamp,x\n0,1\n10,2\n')
    const files = Array.from({ length: 10 }, (_, i) => ({ name: `gestures/wave/${i}.csv`, bytes: csv }))
    const plan = await importAll(files, { labelFrom: 'folder' })
    expect(plan.samples.every((s) => s.label === 'wave')).toBe(true)
    expect(plan.samples.filter((s) => s.category === 'testing')).toHaveLength(2)
  })

  it('imports nothing from a broken file and says which one; the good files are still parsed', async () => {
    const good = { name: 'idle.1.csv', bytes: utf8('timestamp,x\n0,1\n10,2\n') }
    const broken = { name: 'idle.2.csv', bytes: utf8('timestamp,x\n0,1\n10,oops\n') }
    const plan = await importAll([good, broken])
    expect(plan.files).toEqual([{ name: 'idle.1.csv', samples: 1 }])
    expect(plan.failed).toEqual([
      { name: 'idle.2.csv', message: expect.stringMatching(/^idle\.2\.csv, line 3:/) },
    ])
  })

  it('refuses unknown file types with the list it knows', () => {
    expect(() => parseSampleFile('notes.txt', utf8('hi'))).toThrow(
      expect.objectContaining({ code: DatasetErrorCode.UnsupportedFile }),
    )
  })

  it('resamples WAV to the requested rate on import, staying on the 16-bit grid', () => {
    const audio = makeSample('audio', { length: 4410, rateHz: 44100 })
    const wav = exportSample(audio, 'csv')
    expect(wav.name.endsWith('.wav')).toBe(true)
    const [s] = parseSampleFile('yes.wav', wav.bytes, { rateHz: 16000 })
    expect(s!.rateHz).toBe(16000)
    expect(s!.length).toBe(1600)
    expect(s!.values.every((v) => Number.isInteger(v * 32768))).toBe(true)
  })
})
