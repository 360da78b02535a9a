import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  findBoard,
  formatUsbId,
  isAmbiguous,
  matchUsbId,
  parseHexId,
} from '../../../src/core/boards/board-lookup'
import { BOARDS } from '../../../src/core/boards/catalog'

/**
 * The USB ids as the vendors publish them (boards.txt files, the RP2040 datasheet, the Linux usb-serial
 * drivers, ST's AN2606), typed in from those sources rather than from the catalog: each row is
 * `vid:pid → the board ids that must match, and whether the user must be asked`.
 */
const PUBLISHED: ReadonlyArray<readonly [string, readonly string[], 'ask' | 'known']> = [
  ['2341:0043', ['uno'], 'known'],
  ['2341:0001', ['uno'], 'known'],
  ['2a03:0043', ['uno'], 'known'],
  ['2341:0243', ['uno'], 'known'],
  ['2341:006a', ['uno'], 'known'],
  ['0403:6001', ['nano'], 'ask'],
  ['1a86:7523', ['nano-ch340', 'esp32-devkitc'], 'ask'],
  ['1a86:55d4', ['esp32-devkitc'], 'ask'],
  ['10c4:ea60', ['esp32-devkitc'], 'ask'],
  ['2341:805a', ['nano33ble-sense'], 'known'],
  ['2341:005a', ['nano33ble-sense'], 'known'],
  ['2341:015a', ['nano33ble-sense'], 'known'],
  ['2341:025a', ['nano33ble-sense'], 'known'],
  ['2341:805e', ['nano-rp2040-connect'], 'known'],
  ['2341:005e', ['nano-rp2040-connect'], 'known'],
  ['2341:015e', ['nano-rp2040-connect'], 'known'],
  ['2341:025e', ['nano-rp2040-connect'], 'known'],
  ['2e8a:0003', ['nano-rp2040-connect', 'pico'], 'ask'],
  ['2e8a:000a', ['pico'], 'known'],
  ['0483:374b', ['nucleo-l4r5zi'], 'ask'],
  ['0483:df11', ['nucleo-l4r5zi'], 'known'],
  ['2886:802f', ['xiao-samd21'], 'known'],
  ['2886:002f', ['xiao-samd21'], 'known'],
  ['0d28:0204', ['microbit-v2'], 'known'],
]

function split(id: string): [number, number] {
  const [vid, pid] = id.split(':').map((part) => Number.parseInt(part, 16))
  return [vid!, pid!]
}

describe('board catalog', () => {
  it.each(PUBLISHED)('finds the boards behind %s', (id, boardIds, ask) => {
    const matches = matchUsbId(...split(id))
    expect(matches.map((m) => m.board.id)).toEqual(boardIds)
    expect(isAmbiguous(matches)).toBe(ask === 'ask')
  })

  it('lists no USB id that the published table does not know', () => {
    const published = new Set(PUBLISHED.map(([id]) => id))
    const listed = BOARDS.flatMap((b) => b.usbIds.map((u) => formatUsbId(u.vid, u.pid)))
    expect(listed.filter((id) => !published.has(id))).toEqual([])
  })

  it('tells an application id from a bootloader id where the board has both', () => {
    expect(matchUsbId(0x2341, 0x805a)[0]?.usbId.mode).toBe('application')
    expect(matchUsbId(0x2341, 0x005a)[0]?.usbId.mode).toBe('bootloader')
    expect(matchUsbId(0x2886, 0x002f)[0]?.usbId.mode).toBe('bootloader')
    expect(matchUsbId(0x2e8a, 0x0003)[0]?.usbId.mode).toBe('bootloader')
    expect(matchUsbId(0x1a86, 0x7523)[0]?.usbId.mode).toBe('both')
  })

  it('finds nothing for a keyboard', () => {
    expect(matchUsbId(0x046d, 0xc31c)).toEqual([])
  })

  it('has unique ids and includes every board the issue names', () => {
    const ids = BOARDS.map((b) => b.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ['uno', 'nano', 'nano-ch340', 'nano33ble-sense', 'nano-rp2040-connect', 'pico']) {
      expect(findBoard(id)).toBeDefined()
    }
    for (const id of [
      'esp32-devkitc',
      'nucleo-l4r5zi',
      'xiao-samd21',
      'microbit-v2',
      'virtual-uno',
      'virtual-m4',
    ]) {
      expect(findBoard(id)).toBeDefined()
    }
    expect(findBoard('virtual-m3')?.virtual).toBe(true)
  })

  it('keeps every application window inside the flash and after the bootloader', () => {
    for (const board of BOARDS) {
      const layout = board.flashLayout
      if (layout === undefined) continue
      expect(layout.appEndAddress, board.id).toBeGreaterThan(layout.appStartAddress)
      const flashBase = layout.appStartAddress - (board.bootloaderBytes ?? 0)
      expect(layout.appEndAddress - flashBase, board.id).toBeLessThanOrEqual(board.flashBytes)
    }
  })

  it('names a documented source for every board', () => {
    const doc = readFileSync(new URL('../../../docs/boards.md', import.meta.url), 'utf8')
    const documented = new Set([...doc.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]))
    for (const board of BOARDS) {
      expect(board.sources.length, board.id).toBeGreaterThan(0)
      for (const key of board.sources) expect(documented, `${board.id}: ${key}`).toContain(key)
      if (board.power) expect(documented, `${board.id} power`).toContain(board.power.source)
    }
  })

  it('gives every real board its supply currents, sleep below active', () => {
    for (const board of BOARDS.filter((b) => !b.virtual)) {
      const power = board.power
      expect(power, board.id).toBeDefined()
      expect(power!.sleepAmps, board.id).toBeGreaterThan(0)
      expect(power!.sleepAmps, board.id).toBeLessThan(power!.activeAmps)
      expect(power!.activeAmps, board.id).toBeLessThan(0.2)
    }
  })

  it('parses the hex forms serialport reports', () => {
    expect(parseHexId('2341')).toBe(0x2341)
    expect(parseHexId('0x1A86')).toBe(0x1a86)
    expect(parseHexId('xyz')).toBeUndefined()
    expect(parseHexId(undefined)).toBeUndefined()
  })
})
