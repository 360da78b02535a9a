import { describe, expect, it } from 'vitest'
import { categoryFromPath, labelFromPath } from '../../../src/core/dataset/formats/label-from-path'
import { decodeUtf8, encodeUtf8 } from '../../../src/core/dataset/formats/utf8'
import { lcg } from './fixtures'

describe('UTF-8 without TextDecoder', () => {
  it('decodes like TextDecoder, malformed bytes included', () => {
    const rand = lcg(3)
    const reference = new TextDecoder()
    for (let k = 0; k < 300; k++) {
      const bytes = Uint8Array.from({ length: 40 }, () =>
        rand() < 0.5 ? Math.floor(rand() * 128) : Math.floor(rand() * 256),
      )
      expect(decodeUtf8(bytes)).toBe(reference.decode(bytes))
    }
    const text = 'accX (m/s²),标签,😀'
    expect(decodeUtf8(encodeUtf8(text))).toBe(text)
    expect(Array.from(encodeUtf8(text))).toEqual(Array.from(new TextEncoder().encode(text)))
  })
})

describe('labels and categories from paths', () => {
  it('reads Edge Impulse style names and folders', () => {
    expect(labelFromPath('data/idle.01.csv', 'name')).toBe('idle')
    expect(labelFromPath('C:\\data\\wave\\x.wav', 'folder')).toBe('wave')
    expect(labelFromPath('wave/training/01.csv', 'folder')).toBe('wave')
    expect(labelFromPath('01.csv', 'folder')).toBeUndefined()
    expect(categoryFromPath('export/testing/idle.s-1.csv')).toBe('testing')
    expect(categoryFromPath('export/idle.s-1.csv')).toBeUndefined()
  })
})
