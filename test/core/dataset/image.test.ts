import { encode as encodePng } from 'fast-png'
import { encode as encodeJpeg } from 'jpeg-js'
import { describe, expect, it } from 'vitest'
import { decodeImageFile } from '../../../src/core/dataset/formats/image'
import { grayPng, jpegHeader } from './import-fixtures'

describe('image import', () => {
  it('reads 8-bit RGB and RGBA PNGs as R, G, B values with alpha dropped', () => {
    const rgba = encodePng({
      width: 2,
      height: 1,
      channels: 4,
      data: new Uint8Array([10, 20, 30, 0, 40, 50, 60, 255]),
    })
    const img = decodeImageFile('cat.png', rgba)
    expect([img.width, img.height, img.channels]).toEqual([2, 1, 3])
    expect(Array.from(img.data)).toEqual([10, 20, 30, 40, 50, 60])
  })

  it('scales 16-bit channels and 1-bit gray to 0–255', () => {
    const deep = encodePng({
      width: 1,
      height: 2,
      channels: 1,
      depth: 16,
      data: new Uint16Array([65535, 257 * 7]),
    })
    expect(Array.from(decodeImageFile('a.png', deep).data)).toEqual([255, 7])
    // 3×2 pixels at 1 bit: rows packed MSB first and padded to a byte: 101xxxxx, 011xxxxx.
    const bits = encodePng({
      width: 3,
      height: 2,
      channels: 1,
      depth: 1,
      data: new Uint8Array([0b10100000, 0b01100000]),
    })
    expect(Array.from(decodeImageFile('b.png', bits).data)).toEqual([255, 0, 255, 0, 255, 255])
  })

  it('reads a JPEG (lossy: a flat colour comes back within 3 levels)', () => {
    const data = new Uint8Array(16 * 16 * 4).map((_, i) => [200, 100, 50, 255][i % 4]!)
    const jpeg = encodeJpeg({ width: 16, height: 16, data }, 100).data
    const img = decodeImageFile('dog.jpg', new Uint8Array(jpeg))
    expect(img.channels).toBe(3)
    for (let p = 0; p < 256; p++)
      [200, 100, 50].forEach((c, k) => expect(Math.abs(img.data[p * 3 + k]! - c)).toBeLessThanOrEqual(3))
  })

  it('names the file of an image that is not one', () => {
    expect(() => decodeImageFile('notes.png', new Uint8Array([1, 2, 3, 4]))).toThrow(
      /^notes\.png, byte 0: not sample data \(it is neither a PNG nor a JPEG file/,
    )
    const png = encodePng({ width: 4, height: 4, channels: 3, data: new Uint8Array(48) })
    expect(() => decodeImageFile('cut.png', png.slice(0, 40))).toThrow(/^cut\.png: the image cannot be read/)
  })
})

describe('image sizes are checked from the header, before any pixel is decoded', () => {
  it('refuses a small PNG that declares 20000×20000 pixels without decoding it', () => {
    const png = grayPng(20000, 20000, 100)
    expect(png.length).toBeLessThan(100_000)
    const started = performance.now()
    expect(() => decodeImageFile('huge.png', png)).toThrow(
      /^huge\.png, byte 16: the image has 20000×20000 pixels, more than 24 megapixels/,
    )
    // Decoding would take a minute and gigabytes; the header alone takes no time at all.
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('refuses a JPEG that declares 20000×20000 or 0×0 pixels, naming the byte of its frame header', () => {
    expect(() => decodeImageFile('huge.jpg', jpegHeader(20000, 20000))).toThrow(
      /^huge\.jpg, byte 76: the image has 20000×20000 pixels, more than 24 megapixels/,
    )
    expect(() => decodeImageFile('dot.jpg', jpegHeader(0, 0))).toThrow(
      /^dot\.jpg, byte 76: the image is 0×0 pixels; an image has at least one pixel/,
    )
  })

  it('names a PNG whose header chunk is missing, and a JPEG without a frame header, as damaged', () => {
    const png = grayPng(4, 4)
    png[12] = 0x58 // "IHDR" → "XHDR"
    expect(() => decodeImageFile('bad.png', png)).toThrow(
      /^bad\.png, byte 8: the PNG does not start with its header chunk/,
    )
    expect(() => decodeImageFile('bad.jpg', Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]))).toThrow(
      /^bad\.jpg, byte \d+: the JPEG has no frame header/,
    )
  })
})
