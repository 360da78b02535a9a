import { z } from 'zod'
import { findJsonError } from '../../util/json-error-position'
import { importFailure, notSampleData } from '../errors'
import { formatFloat32, normalizeRateHz } from '../float-text'
import { PCM16_SCALE, isOnPcm16Grid, toPcm16Int } from '../pcm'
import type { Sample } from '../sample'
import { checkAxes, checkLength, checkRate } from '../sample-limits'
import type { ParsedSample } from './parsed-sample'

/**
 * Edge Impulse's data acquisition format (JSON flavour): `{protected, signature, payload}` where the payload
 * has `interval_ms`, `sensors: [{name, units}]` and `values` — one array per frame, or plain numbers for a
 * single sensor. Audio is one sensor with units `wav` and integer 16-bit values. Signatures are neither
 * checked nor made (`alg: "none"`, 64 zeros), as Edge Impulse accepts for unsigned data.
 */
const numberRow = z.array(z.number().finite())
const payloadSchema = z.object({
  device_name: z.string().optional(),
  device_type: z.string().optional(),
  interval_ms: z.number().positive().finite(),
  sensors: z.array(z.object({ name: z.string(), units: z.string() })).min(1),
  values: z.union([z.array(z.number().finite()).min(1), z.array(numberRow).min(1)]),
})
const fileSchema = z.object({ payload: payloadSchema })

export function looksLikeEiJson(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes('"payload"')
}

export function readEiJson(file: string, text: string): ParsedSample {
  const { payload } = parsePayload(file, text)
  const rateHz = normalizeRateHz(1000 / payload.interval_ms)
  checkRate(file, 'payload.interval_ms', rateHz, `an interval of ${payload.interval_ms} ms is`)
  checkLength(file, 'payload.values', payload.values.length, 'payload.values has')
  const audio = payload.sensors.length === 1 && payload.sensors[0]!.units.toLowerCase() === 'wav'
  const axes = payload.sensors.map((s) => ({ name: s.name, unit: audio || s.units === 'N/A' ? '' : s.units }))
  checkAxes(file, 'payload.sensors', axes, {
    all: (n) => `payload.sensors names ${n} sensors`,
    one: (i) => `payload.sensors[${i}]`,
  })
  return {
    kind: audio ? 'audio' : 'timeseries',
    rateHz,
    axes,
    length: payload.values.length,
    source: file,
    values: frameValues(file, payload.values, axes.length, audio),
  }
}

/** The JSON text against the file schema: JSON that is not EI data at all is not sample data. */
function parsePayload(file: string, text: string): z.infer<typeof fileSchema> {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    const at = findJsonError(text)
    throw importFailure(
      file,
      at ? `line ${at.line}, column ${at.column}` : undefined,
      `it is not valid JSON (${at?.reason ?? 'cannot parse'})`,
    )
  }
  const parsed = fileSchema.safeParse(raw)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  if (issue.path.length <= 1)
    throw notSampleData(file, jsonPath(issue.path), 'it is JSON, but not Edge Impulse data acquisition JSON')
  throw importFailure(file, jsonPath(issue.path), `not Edge Impulse data acquisition JSON: ${issue.message}`)
}

/** The frames as interleaved values; audio ("wav") frames are 16-bit integers scaled to the 16-bit grid. */
function frameValues(
  file: string,
  frames: readonly (number | readonly number[])[],
  axes: number,
  audio: boolean,
): Float32Array {
  const values = new Float32Array(frames.length * axes)
  frames.forEach((frame, t) => {
    const row = typeof frame === 'number' ? [frame] : frame
    if (row.length !== axes)
      throw importFailure(
        file,
        `payload.values[${t}]`,
        `a frame has ${row.length} values but payload.sensors names ${axes}`,
      )
    row.forEach((v, a) => {
      if (audio && !(Number.isInteger(v) && v >= -32768 && v <= 32767))
        throw importFailure(
          file,
          `payload.values[${t}]`,
          `audio ("wav") values are 16-bit integers, not ${v}`,
        )
      values[t * axes + a] = audio ? v / PCM16_SCALE : v
    })
  })
  return values
}

function jsonPath(path: readonly PropertyKey[]): string {
  return (
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') ||
    'the top level'
  )
}

/** One sample as Edge Impulse JSON text; audio on the 16-bit grid is written as integer `wav` values. */
export function writeEiJson(sample: Sample, issuedAtSeconds: number): string {
  const { meta, values } = sample
  const axes = meta.axes.length
  const audio = meta.kind === 'audio' && axes === 1 && isOnPcm16Grid(values)
  const sensors = audio
    ? [{ name: 'audio', units: 'wav' }]
    : meta.axes.map((a) => ({ name: a.name, units: a.unit || 'N/A' }))
  const frames: string[] = []
  for (let t = 0; t < meta.length; t++) {
    const row: string[] = []
    for (let a = 0; a < axes; a++) {
      const v = values[t * axes + a]!
      row.push(audio ? String(toPcm16Int(v)) : formatFloat32(v))
    }
    frames.push(audio ? row[0]! : `[${row.join(',')}]`)
  }
  const head = {
    protected: { ver: 'v1', alg: 'none', iat: Math.floor(issuedAtSeconds) },
    signature: '0'.repeat(64),
  }
  const payload = JSON.stringify({
    device_name: meta.source.slice(0, 120),
    device_type: 'MOTE_STUDIO',
    interval_ms: 1000 / meta.rateHz,
    sensors,
  })
  // The values are written by hand: JSON.stringify would print float32 values as long doubles.
  return `${JSON.stringify(head).slice(0, -1)},"payload":${payload.slice(0, -1)},"values":[${frames.join(',')}]}}\n`
}
