import { describe, expect, it } from 'vitest'
import { cobsDecode, cobsEncode } from '../../../../src/main/services/capture/mote-protocol/cobs'
import { crc16 } from '../../../../src/main/services/capture/mote-protocol/crc16'
import {
  FrameDecoder,
  encodeFrame,
  type FrameFault,
} from '../../../../src/main/services/capture/mote-protocol/frames'
import {
  MessageType,
  helloPayload,
  parseHello,
  parseSamples,
  type Hello,
} from '../../../../src/main/services/capture/mote-protocol/messages'

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

function decodeAll(chunks: readonly Uint8Array[]) {
  const frames: { type: number; payload: number[] }[] = []
  const faults: FrameFault[] = []
  const d = new FrameDecoder({
    onFrame: (type, payload) => frames.push({ type, payload: Array.from(payload) }),
    onFault: (f) => faults.push(f),
  })
  for (const c of chunks) d.push(c)
  return { frames, faults }
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) out.set(p, (at += p.length) - p.length)
  return out
}

describe('CRC-16/CCITT-FALSE', () => {
  it('gives the catalogue check value 0x29B1 for "123456789"', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x29b1)
  })
})

describe('COBS', () => {
  it('encodes the examples of Cheshire and Baker', () => {
    expect(Array.from(cobsEncode(Uint8Array.of(0)))).toEqual([1, 1])
    expect(Array.from(cobsEncode(Uint8Array.of(0, 0)))).toEqual([1, 1, 1])
    expect(Array.from(cobsEncode(Uint8Array.of(0x11, 0x22, 0, 0x33)))).toEqual([3, 0x11, 0x22, 2, 0x33])
    expect(Array.from(cobsEncode(Uint8Array.of(0x11, 0, 0, 0)))).toEqual([2, 0x11, 1, 1, 1])
  })

  it('round-trips random frames of every length up to 600 bytes, and never emits a zero', () => {
    const rand = lcg(9)
    for (let n = 0; n <= 600; n++) {
      const data = Uint8Array.from({ length: n }, () => (rand() < 0.2 ? 0 : Math.floor(rand() * 256)))
      const enc = cobsEncode(data)
      expect(enc.includes(0)).toBe(false)
      expect(Array.from(cobsDecode(enc)!)).toEqual(Array.from(data))
    }
  })
})

describe('Mote frames', () => {
  const frames = [
    encodeFrame(MessageType.HelloRequest),
    encodeFrame(
      MessageType.Samples,
      Uint8Array.from({ length: 200 }, (_, i) => i % 7),
    ),
    encodeFrame(MessageType.Stop),
  ]
  const stream = concat([Uint8Array.of(0), ...frames])

  it('decodes the same frames from chunks split at every byte position', () => {
    const whole = decodeAll([stream])
    expect(whole.frames.map((f) => f.type)).toEqual([
      MessageType.HelloRequest,
      MessageType.Samples,
      MessageType.Stop,
    ])
    expect(whole.faults).toEqual([])
    for (let cut = 0; cut <= stream.length; cut++)
      expect(decodeAll([stream.subarray(0, cut), stream.subarray(cut)])).toEqual(whole)
    expect(decodeAll(Array.from(stream, (b) => Uint8Array.of(b)))).toEqual(whole)
  })

  it('drops the bytes before the first delimiter (the tail of a frame sent before the port opened)', () => {
    const tail = frames[1]!.subarray(100)
    expect(decodeAll([concat([tail, frames[0]!])]).frames.map((f) => f.type)).toEqual([
      MessageType.HelloRequest,
    ])
  })

  it('counts every corrupted frame and never delivers a frame that was not sent', () => {
    const rand = lcg(21)
    const sent = Array.from({ length: 2000 }, (_, i) => ({
      type: MessageType.Samples,
      payload: Uint8Array.from({ length: 1 + (i % 120) }, () => Math.floor(rand() * 256)),
    }))
    const wire = concat([Uint8Array.of(0), ...sent.map((f) => encodeFrame(f.type, f.payload))])
    let flipped = 0
    for (let i = 1; i < wire.length; i++)
      if (rand() < 0.0005) {
        wire[i]! ^= 1 << Math.floor(rand() * 8)
        flipped++
      }
    const { frames: got, faults } = decodeAll([wire])
    const sentKeys = new Set(sent.map((f) => JSON.stringify(Array.from(f.payload))))
    expect(got.every((f) => sentKeys.has(JSON.stringify(f.payload)))).toBe(true)
    expect(got.length + faults.length).toBeGreaterThanOrEqual(sent.length - flipped)
    expect(faults.length).toBeGreaterThan(0)
  })

  it('turns random binary noise into faults, not frames', () => {
    const rand = lcg(4)
    const noise = Uint8Array.from({ length: 50_000 }, () => (rand() < 0.01 ? 0 : Math.floor(rand() * 256)))
    const { frames: got, faults } = decodeAll([noise])
    expect(got).toEqual([])
    expect(faults.length).toBeGreaterThan(100)
  })
})

describe('Mote messages', () => {
  it('round-trips a Hello and reads Samples frames of the selected channels', () => {
    const hello: Hello = {
      protocolVersion: 1,
      firmwareVersion: 0x0102,
      boardId: 'arduino-uno',
      firmwareName: 'mote-capture',
      maxRateHz: 2000,
      channels: ['A0', 'A1'].map((name) => ({ name, unit: 'mV', scale: 4.8828125, offset: 0 })),
    }
    expect(parseHello(helloPayload(hello))).toEqual(hello)
    expect(parseHello(helloPayload(hello).subarray(0, 10))).toBeUndefined()
    const payload = Uint8Array.of(5, 0, 0, 0, 2, 1, 0, 0xff, 0x03, 0xfe, 0xff, 0, 0)
    expect(parseSamples(payload, 2)).toEqual({ firstIndex: 5, count: 2, raw: Int16Array.of(1, 1023, -2, 0) })
    expect(parseSamples(payload, 3)).toBeUndefined()
  })
})
