import { describe, expect, it } from 'vitest'
import { readCsv, writeCsv } from '../../../src/core/dataset/formats/csv'
import { DatasetErrorCode } from '../../../src/shared/api/dataset'
import { bytesOf, makeSample } from './fixtures'

describe('CSV samples', () => {
  it('reads an Edge Impulse style CSV: header, millisecond timestamps, rate from the timestamps', () => {
    const text = 'timestamp,accX,accY,accZ\r\n0,1.5,-2,9.81\r\n10,1.6,-2.1,9.8\r\n20,1.7,-2.2,9.79\r\n'
    const [s] = readCsv('idle.1.csv', text)
    expect(s!.rateHz).toBe(100)
    expect(s!.length).toBe(3)
    expect(s!.axes.map((a) => a.name)).toEqual(['accX', 'accY', 'accZ'])
    expect(Array.from(s!.values)).toEqual([1.5, -2, 9.81, 1.6, -2.1, 9.8, 1.7, -2.2, 9.79].map(Math.fround))
  })

  it('splits a long file with a label column into one sample per run of rows', () => {
    const text = [
      'time_s,label,x',
      '0,idle,1',
      '0.5,idle,2',
      '1,wave,3',
      '1.5,wave,4',
      '2,wave,5',
      '2.5,idle,6',
    ].join('\n')
    const samples = readCsv('session.csv', text)
    expect(samples.map((s) => [s.label, s.length, s.rateHz])).toEqual([
      ['idle', 2, 2],
      ['wave', 3, 2],
      ['idle', 1, 2],
    ])
  })

  it('reads units from "name (unit)" headers, quoted names, a byte order mark', () => {
    const [s] = readCsv('a.csv', '\ufefftimestamp,"acc, x (m/s²)",gyro\n0,1,2\n20,3,4\n')
    expect(s!.axes).toEqual([
      { name: 'acc, x', unit: 'm/s²' },
      { name: 'gyro', unit: '' },
    ])
    expect(s!.rateHz).toBe(50)
  })

  it('names the file and line of a bad row and keeps nothing from the file', () => {
    const bad = (text: string, match: RegExp) => {
      try {
        readCsv('walk.3.csv', text)
        expect.unreachable()
      } catch (e) {
        expect(e).toMatchObject({ code: DatasetErrorCode.ImportFailed })
        expect((e as Error).message).toMatch(match)
      }
    }
    bad(
      'timestamp,x,y\n0,1,2\n10,1\n20,1,2\n',
      /^walk\.3\.csv, line 3: the row has 2 fields but the header names 3/,
    )
    bad('timestamp,x,y\n0,1,2\n10,1,abc\n', /^walk\.3\.csv, line 3: the value of y "abc" is not a number/)
    bad('timestamp,x\n0,1\n\n0,2\n', /line 4: the timestamp does not increase/)
    bad('x,y\n1,2\n3,4\n', /no timestamp column/)
    expect(() => readCsv('walk.3.csv', 'timestamp,x\n')).toThrow(
      expect.objectContaining({
        code: DatasetErrorCode.UnsupportedFile,
        message: 'walk.3.csv, line 2: not sample data (the file has a header but no rows)',
      }),
    )
  })

  it('takes the rate from the options when there are no timestamps', () => {
    const [s] = readCsv('a.csv', 'x,y\n1,2\n3,4\n', { rateHz: 25 })
    expect(s!.rateHz).toBe(25)
  })

  it('writes what it reads: values byte for byte, rate, axes and units', () => {
    for (const rateHz of [62.5, 100, 3, 1000, 98.37, 16000 / 3]) {
      const sample = makeSample('timeseries', {
        rateHz: Number(rateHz.toPrecision(9)),
        length: 300,
        seed: rateHz,
      })
      const [back] = readCsv('wave.csv', writeCsv(sample))
      expect(back!.rateHz).toBe(sample.meta.rateHz)
      expect(back!.axes).toEqual(sample.meta.axes)
      expect(bytesOf(back!.values)).toEqual(bytesOf(sample.values))
    }
  })

  it('reads a one-axis "audio" column in [−1, 1] as audio on the 16-bit grid', () => {
    const audio = makeSample('audio', { length: 50 })
    const [back] = readCsv('yes.csv', writeCsv(audio))
    expect(back!.kind).toBe('audio')
    expect(bytesOf(back!.values)).toEqual(bytesOf(audio.values))
  })
})
