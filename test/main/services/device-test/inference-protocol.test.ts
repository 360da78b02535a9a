import { describe, expect, it } from 'vitest'
import { ByteWriter } from '../../../../src/main/services/device-test/byte-reader'
import {
  loadPayload,
  parseIdentity,
  parseLiveResult,
  parseResult,
  parseTensor,
  runPayload,
} from '../../../../src/main/services/device-test/inference-protocol'

/** An Identity as the firmware's send_identity writes it (mote_main.c), field by field. */
function identityPayload(): Uint8Array {
  const w = new ByteWriter().u8(1).u16(0x0100).u32(16_000_000).u8(1)
  w.bytes(Array.from({ length: 32 }, (_, i) => i))
  w.u32(64).u32(1660).u32(388).u16(64).u8(1).u8(1).u32(42).u32(5)
  w.f32(0.5)
    .u32(-65 >>> 0)
    .f32(0.00390625)
    .u32(-128 >>> 0)
  w.u8(1)
    .u8(1)
    .f32(1 / 1024)
    .u32(375)
    .u16(3)
    .u32(42)
    .u32(512)
    .u8(1)
    .u32(62_500)
    .u16(125)
    .u16(31)
  return w.str('virtual-uno').u8(2).u16(1).u16(42).u8(2).u16(1).u16(5).build()
}

describe('the inference messages', () => {
  it('reads an Identity field by field, with both shapes and the quantization', () => {
    const id = parseIdentity(identityPayload())!
    expect(id).toMatchObject({
      boardId: 'virtual-uno',
      clockHz: 16_000_000,
      cycleCounter: 'cpu',
      arenaBytes: 64,
    })
    expect(id.modelHash).toBe(Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join(''))
    expect(id.input).toEqual({ dtype: 'int8', bytes: 42, scale: 0.5, zeroPoint: -65, shape: [1, 42] })
    expect(id.output).toEqual({ dtype: 'int8', bytes: 5, scale: 0.00390625, zeroPoint: -128, shape: [1, 5] })
    expect(id).toMatchObject({
      dsp: 'fixed',
      sampleType: 'int16',
      rateHz: 62.5,
      windowFrames: 125,
      strideFrames: 31,
    })
  })

  it('reads the build id at the end of an Identity, and an Identity of firmware from before it without one', () => {
    const withId = Uint8Array.from([...identityPayload(), 0xfe, 0xc3, 0x59, 0xaa, 0xbe, 0xc8, 0xa4, 0xf4])
    expect(parseIdentity(withId)?.buildId).toBe('fec359aabec8a4f4')
    expect(parseIdentity(identityPayload())?.buildId).toBeUndefined()
    expect(parseIdentity(withId.subarray(0, withId.length - 1))).toBeUndefined()
  })

  it('refuses an Identity one byte short, one byte long, or with an unknown code', () => {
    const good = identityPayload()
    expect(parseIdentity(good.subarray(0, good.length - 1))).toBeUndefined()
    expect(parseIdentity(Uint8Array.from([...good, 0]))).toBeUndefined()
    const badCounter = good.slice()
    badCounter[7] = 9
    expect(parseIdentity(badCounter)).toBeUndefined()
  })

  it('reads Result and Tensor frames and refuses malformed ones', () => {
    const result = new ByteWriter().u16(7).u8(0).u32(0).u32(1_466_439).u32(249_152).u32(365).build()
    expect(parseResult(result)).toEqual({
      sequence: 7,
      status: 0,
      detail: 0,
      dspCycles: 1_466_439,
      modelCycles: 249_152,
      stackHighWaterBytes: 365,
    })
    expect(parseResult(result.subarray(1))).toBeUndefined()
    const tensor = new ByteWriter().u16(7).u8(1).u32(0).bytes([1, 2, 3]).build()
    expect(parseTensor(tensor)).toEqual({ sequence: 7, tensor: 1, offset: 0, bytes: Uint8Array.of(1, 2, 3) })
    expect(parseTensor(new ByteWriter().u16(7).u8(2).u32(0).bytes([1]).build())).toBeUndefined()
    expect(parseTensor(new ByteWriter().u16(7).u8(1).u32(0).build())).toBeUndefined()
  })

  it('reads a LiveResult of exactly the output size', () => {
    const live = new ByteWriter().u32(3).u32(93).u32(0).u32(0).u32(1).bytes([9, 8, 7, 6, 5]).build()
    expect(parseLiveResult(live, 5)).toMatchObject({ window: 3, firstFrame: 93, overruns: 1 })
    expect(parseLiveResult(live, 4)).toBeUndefined()
  })

  it('builds Load and Run as the firmware reads them', () => {
    expect([...loadPayload(1, 0x01020304, Uint8Array.of(0xaa))]).toEqual([1, 4, 3, 2, 1, 0xaa])
    expect([...runPayload(0x1234, 0, true)]).toEqual([0x34, 0x12, 0, 1])
  })
})
