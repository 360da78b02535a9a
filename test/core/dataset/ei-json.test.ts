import { describe, expect, it } from 'vitest'
import { readEiJson, writeEiJson } from '../../../src/core/dataset/formats/ei-json'
import { bytesOf, makeSample } from './fixtures'

const EXAMPLE = `{
  "protected": { "ver": "v1", "alg": "HS256", "iat": 1564128599 },
  "signature": "b0ee0572a1984b93b6bc56ee4ba2573afd3c5c9be3e7eb7c2e7b2a0f1b2f1b9c",
  "payload": {
    "device_name": "ac:87:a3:0a:2d:1b",
    "device_type": "DISCO-L475VG-IOT01A",
    "interval_ms": 10,
    "sensors": [
      { "name": "accX", "units": "m/s2" },
      { "name": "accY", "units": "m/s2" },
      { "name": "accZ", "units": "m/s2" }
    ],
    "values": [
      [-9.81, 0.03, 1.21],
      [-9.83, 0.04, 1.27],
      [-9.12, 0.03, 1.23]
    ]
  }
}`

describe('Edge Impulse data acquisition JSON', () => {
  it('reads the documented example: rate from interval_ms, sensors as axes with units', () => {
    const s = readEiJson('wave.json', EXAMPLE)
    expect(s.rateHz).toBe(100)
    expect(s.axes).toEqual(['accX', 'accY', 'accZ'].map((name) => ({ name, unit: 'm/s2' })))
    expect(s.values[3]).toBe(Math.fround(-9.83))
  })

  it('reads audio: one "wav" sensor with plain 16-bit integers', () => {
    const text = JSON.stringify({
      payload: { interval_ms: 0.0625, sensors: [{ name: 'audio', units: 'wav' }], values: [-10, 2, 32767] },
    })
    const s = readEiJson('yes.json', text)
    expect(s.kind).toBe('audio')
    expect(s.rateHz).toBe(16000)
    expect(Array.from(s.values)).toEqual([-10 / 32768, 2 / 32768, 32767 / 32768])
  })

  it('names the line and column of a JSON syntax error', () => {
    const broken = EXAMPLE.replace('[-9.83, 0.04, 1.27]', '[-9.83, 0.04 1.27]')
    expect(() => readEiJson('wave.json', broken)).toThrow(
      /^wave\.json, line 15, column \d+: it is not valid JSON/,
    )
  })

  it('names the JSON path of a value of the wrong shape', () => {
    const wrongCount = EXAMPLE.replace('[-9.12, 0.03, 1.23]', '[-9.12, 0.03]')
    expect(() => readEiJson('wave.json', wrongCount)).toThrow(
      /payload\.values\[2\]: a frame has 2 values but payload\.sensors names 3/,
    )
    const notNumber = EXAMPLE.replace('0.04', '"x"')
    expect(() => readEiJson('wave.json', notNumber)).toThrow(/wave\.json, payload\.values/)
    expect(() => readEiJson('w.json', '{"payload": {"sensors": []}}')).toThrow(/payload\.interval_ms/)
  })

  it('round-trips time series and audio byte for byte', () => {
    for (const kind of ['timeseries', 'audio'] as const) {
      const sample = makeSample(kind, { length: 400, seed: 7 })
      const text = writeEiJson(sample, 1_700_000_000)
      const parsed = JSON.parse(text)
      expect(parsed.protected.alg).toBe('none')
      expect(parsed.signature).toMatch(/^0{64}$/)
      const back = readEiJson('x.json', text)
      expect(back.kind).toBe(kind)
      expect(back.rateHz).toBe(sample.meta.rateHz)
      expect(bytesOf(back.values)).toEqual(bytesOf(sample.values))
    }
  })
})
