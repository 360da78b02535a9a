import { describe, expect, it } from 'vitest'
import { categoryFromPath, labelFromPath } from '../../../src/core/dataset/formats/label-from-path'

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
