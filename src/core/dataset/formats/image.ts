import { convertIndexedToRgb, decode as decodePng, encode as encodePng, type DecodedPng } from 'fast-png'
import { decode as decodeJpeg } from 'jpeg-js'
import { importFailure, notSampleData } from '../errors'
import { checkImageSize } from '../sample-limits'
import { jpegSize, pngSize } from './image-size'

/**
 * Image files ↔ image samples. Decoders are pure JavaScript so that this runs in the main process, a worker
 * or the browser: fast-png (image-js; PNG of every colour type and bit depth, encoder included, typed) and
 * jpeg-js (baseline and progressive JPEG). Pixels become 8-bit values 0–255, gray images one axis `gray`,
 * colour images three axes `R`, `G`, `B`; alpha is dropped (the colour of transparent pixels is kept), 16-bit
 * channels are scaled to 8 bits (round(v / 257)), 1/2/4-bit gray is scaled to 0–255.
 */
export interface DecodedImage {
  readonly width: number
  readonly height: number
  /** 1 (gray) or 3 (RGB). */
  readonly channels: 1 | 3
  /** `width · height · channels` bytes, row-major from the top-left pixel, interleaved. */
  readonly data: Uint8Array
}

/** Largest image accepted, in pixels (a 24-megapixel photo); larger files are refused, not truncated. */
export const MAX_IMAGE_PIXELS = 24_000_000

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47
}

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
}

/**
 * Decodes a PNG or JPEG file after checking the size its header declares (a small file may declare
 * 20000×20000 pixels, gigabytes once decoded): the size is checked against the limits of a sample and
 * MAX_IMAGE_PIXELS before any pixel is decoded.
 */
export function decodeImageFile(file: string, bytes: Uint8Array): DecodedImage {
  const png = isPng(bytes)
  if (!png && !isJpeg(bytes))
    throw notSampleData(file, 'byte 0', 'it is neither a PNG nor a JPEG file (its first bytes say so)')
  const size = png ? pngSize(file, bytes) : jpegSize(file, bytes)
  const where = `byte ${size.at}`
  if (size.width * size.height > MAX_IMAGE_PIXELS)
    throw importFailure(
      file,
      where,
      `the image has ${size.width}×${size.height} pixels, more than 24 megapixels`,
    )
  checkImageSize(file, where, size.width, size.height)
  let image: DecodedImage
  try {
    image = png ? fromPng(decodePng(bytes)) : fromJpeg(bytes)
  } catch (error) {
    throw importFailure(file, undefined, `the image cannot be read (${(error as Error).message})`)
  }
  if (image.width !== size.width || image.height !== size.height)
    throw importFailure(file, where, 'the image does not have the size its header declares')
  return image
}

function fromPng(png: DecodedPng): DecodedImage {
  const { width, height } = png
  if (png.palette) return dropAlpha(width, height, convertIndexedToRgb(png), png.transparency ? 4 : 3)
  const samples = png.depth < 8 ? unpackGray(png) : to8Bit(png.data, png.depth)
  return dropAlpha(width, height, samples, png.channels)
}

function fromJpeg(bytes: Uint8Array): DecodedImage {
  const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: 24 })
  return { width: jpeg.width, height: jpeg.height, channels: 3, data: jpeg.data }
}

function to8Bit(data: ArrayLike<number>, depth: number): Uint8Array {
  const out = new Uint8Array(data.length)
  for (let i = 0; i < data.length; i++) out[i] = depth === 16 ? Math.round(data[i]! / 257) : data[i]!
  return out
}

/** Gray at 1, 2 or 4 bits per pixel: rows are packed MSB-first and padded to whole bytes. */
function unpackGray(png: DecodedPng): Uint8Array {
  const { width, height, depth } = png
  const rowBytes = Math.ceil((width * depth) / 8)
  const max = (1 << depth) - 1
  const out = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth
      const byte = png.data[y * rowBytes + (bit >> 3)]!
      const v = (byte >> (8 - depth - (bit & 7))) & max
      out[y * width + x] = Math.round((v * 255) / max)
    }
  }
  return out
}

function dropAlpha(width: number, height: number, data: Uint8Array, channels: number): DecodedImage {
  const keep: 1 | 3 = channels >= 3 ? 3 : 1
  if (channels === keep) return { width, height, channels: keep, data }
  const out = new Uint8Array(width * height * keep)
  for (let p = 0; p < width * height; p++)
    for (let c = 0; c < keep; c++) out[p * keep + c] = data[p * channels + c]!
  return { width, height, channels: keep, data: out }
}

/** An 8-bit PNG of the image (lossless, so PNG export → import gives the same values). */
export function encodeImagePng(image: DecodedImage): Uint8Array {
  return encodePng({
    width: image.width,
    height: image.height,
    data: image.data,
    channels: image.channels,
    depth: 8,
  })
}
