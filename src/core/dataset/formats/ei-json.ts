import { z } from 'zod'
import { findJsonError } from '../../util/json-error-position'
import { importFailure } from '../errors'
import { formatFloat32, normalizeRateHz } from '../float-text'
import { PCM16_SCALE, isOnPcm16Grid, toPcm16Int } from '../pcm'
import type { Sample } from '../sample'
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
  sensors: z
    .array(z.object({ name: z.string().min(1).max(64), units: z.string().max(32) }))
    .min(1)
    .max(64),
  values: z.union([z.array(z.number().finite()).min(1), z.array(numberRow).min(1)]),
})
const fileSchema = z.object({ payload: payloadSchema })

export function looksLikeEiJson(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes('"payload"')
}

export function readEiJson(file: string, text: string): ParsedSample {
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
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw importFailure(
      file,
      jsonPath(issue.path),
      `not Edge Impulse data acquisition JSON: ${issue.message}`,
    )
  }
  const { payload } = parsed.data
  const axes = payload.sensors.length
  const rows = payload.values.map((row, i) => {
    const r = typeof row === 'number' ? [row] : row
    if (r.length !== axes)
      throw importFailure(
        file,
        `payload.values[${i}]`,
        `a frame has ${r.length} values but payload.sensors names ${axes}`,
      )
    return r
  })
  const audio = axes === 1 && payload.sensors[0]!.units.toLowerCase() === 'wav'
  const values = new Float32Array(rows.length * axes)
  rows.forEach((r, t) =>
    r.forEach((v, a) => {
      if (audio && !(Number.isInteger(v) && v >= -32768 && v <= 32767))
        throw importFailure(
          file,
          `payload.values[${t}]`,
          `audio ("wav") values are 16-bit integers, not ${v}`,
        )
      values[t * axes + a] = audio ? v / PCM16_SCALE : v
    }),
  )
  return {
    kind: audio ? 'audio' : 'timeseries',
    rateHz: normalizeRateHz(1000 / payload.interval_ms),
    axes: payload.sensors.map((s) => ({ name: s.name, unit: audio || s.units === 'N/A' ? '' : s.units })),
    length: rows.length,
    source: file,
    values,
  }
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
