import { describe, expect, it } from 'vitest'
import { shortcutFor } from '../../src/renderer/composables/use-keyboard-shortcuts'

const key = (
  k: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
})

describe('keyboard shortcuts', () => {
  it('maps Ctrl or Cmd with 1…7 to the pipeline steps', () => {
    expect(shortcutFor(key('1', { ctrlKey: true }))).toEqual({ kind: 'step', index: 0 })
    expect(shortcutFor(key('7', { metaKey: true }))).toEqual({ kind: 'step', index: 6 })
    expect(shortcutFor(key('8', { ctrlKey: true }))).toBeNull()
    expect(shortcutFor(key('1'))).toBeNull()
    expect(shortcutFor(key('1', { ctrlKey: true, shiftKey: true }))).toBeNull()
  })

  it('maps Ctrl/Cmd+Enter to the primary action and Esc to cancelling the job', () => {
    expect(shortcutFor(key('Enter', { ctrlKey: true }))).toEqual({ kind: 'primary' })
    expect(shortcutFor(key('Enter'))).toBeNull()
    expect(shortcutFor(key('Escape'))).toEqual({ kind: 'cancel-job' })
    expect(shortcutFor(key('Escape', { ctrlKey: true }))).toBeNull()
  })
})
