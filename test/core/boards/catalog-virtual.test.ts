import { describe, expect, it } from 'vitest'
import { findBoard } from '../../../src/core/boards/board-lookup'
import { BOARDS } from '../../../src/core/boards/catalog'
import {
  isVirtualBoardKind,
  VIRTUAL_BOARD_IDS,
  virtualKindOf,
} from '../../../src/core/boards/catalog-virtual'
import { VIRTUAL_BOARD_KINDS } from '../../../src/shared/api/virtual-boards'

describe('the virtual boards', () => {
  it('are the simavr Uno and the QEMU Cortex-M4 and -M3, one catalog entry each', () => {
    expect(VIRTUAL_BOARD_KINDS).toEqual(['uno', 'm4', 'm3'])
    for (const kind of VIRTUAL_BOARD_KINDS) expect(findBoard(VIRTUAL_BOARD_IDS[kind])?.virtual).toBe(true)
    expect(BOARDS.filter((b) => b.virtual).map((b) => b.id)).toEqual([
      'virtual-uno',
      'virtual-m4',
      'virtual-m3',
    ])
  })

  it('map between kind and catalog id both ways, and real boards have no kind', () => {
    for (const kind of VIRTUAL_BOARD_KINDS) expect(virtualKindOf(VIRTUAL_BOARD_IDS[kind])).toBe(kind)
    expect(virtualKindOf('uno')).toBeUndefined()
    expect(virtualKindOf('virtual-m7')).toBeUndefined()
  })

  it('recognise a kind named on the command line and nothing else', () => {
    expect(['uno', 'm4', 'm3', 'M4', 'virtual-uno', ''].filter(isVirtualBoardKind)).toEqual([
      'uno',
      'm4',
      'm3',
    ])
  })
})
