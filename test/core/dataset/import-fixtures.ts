import { crc32, deflateSync } from 'node:zlib'

/**
 * Import files written field by field from their specifications (RIFF/WAVE, PNG), independently of the
 * readers and writers under test, so that a test can make any header it needs — including impossible ones.
 */
export function wavBytes(opts: {
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
  v.setUint32(28, (opts.rate * opts.channels * bytesPerSample) >>> 0, true)
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

/** A 16-bit mono WAV of `frames` frames of a quiet tone. */
export function toneWav(rate: number, frames = 100): Uint8Array {
  const samples = Array.from({ length: frames }, (_, i) => Math.round(Math.sin(i / 5) * 1000))
  return wavBytes({ channels: 1, rate, bits: 16, samples })
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  out.set(data, 8)
  out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])) >>> 0, 8 + data.length)
  return out
}

/**
 * An 8-bit gray PNG that declares `width × height` whatever its pixel data holds: `rows` rows of zeros
 * (filter byte 0 each) are deflated, so a huge declared image can be a small file.
 */
export function grayPng(width: number, height: number, rows = height): Uint8Array {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // colour type: gray
  const pixels = deflateSync(Buffer.alloc((width + 1) * rows), { level: 9 })
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', new Uint8Array(0)),
  ])
}

/**
 * A baseline JPEG header (SOI, a quantization table, SOF0 with `width × height`) without scan data: enough
 * for a reader that looks at the frame header, not a whole image.
 */
export function jpegHeader(width: number, height: number): Uint8Array {
  const dqt = [0xff, 0xdb, 0, 67, 0, ...new Array<number>(64).fill(1)]
  const sof = [0xff, 0xc0, 0, 11, 8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0]
  return Uint8Array.from([0xff, 0xd8, ...dqt, ...sof, 0xff, 0xd9])
}

/** An Edge Impulse data acquisition JSON text with the given payload fields over a small default. */
export function eiJson(payload: Record<string, unknown>): string {
  return JSON.stringify({
    protected: { ver: 'v1', alg: 'none' },
    signature: '0'.repeat(64),
    payload: { interval_ms: 10, sensors: [{ name: 'x', units: 'g' }], values: [1, 2, 3], ...payload },
  })
}
