import { BOARDS } from './catalog'
import type { Board, UsbId } from './types'

/** One catalog board that a USB identity can belong to, and in which mode it enumerates with that id. */
export interface BoardMatch {
  readonly board: Board
  readonly usbId: UsbId
}

/** The board with this id, or undefined. */
export function findBoard(boardId: string, boards: readonly Board[] = BOARDS): Board | undefined {
  return boards.find((board) => board.id === boardId)
}

/** Every (board, id) pair whose USB id is `vid:pid`, in catalog order. Empty for an unknown device. */
export function matchUsbId(vid: number, pid: number, boards: readonly Board[] = BOARDS): BoardMatch[] {
  const matches: BoardMatch[] = []
  for (const board of boards) {
    for (const usbId of board.usbIds) {
      if (usbId.vid === vid && usbId.pid === pid) matches.push({ board, usbId })
    }
  }
  return matches
}

/**
 * True when an id alone cannot name the board: a shared USB-serial bridge, or an id that several catalog
 * boards use (the RP2040 boot ROM is the same chip on a Pico and a Nano RP2040 Connect).
 */
export function isAmbiguous(matches: readonly BoardMatch[]): boolean {
  return matches.length > 1 || matches.some((m) => m.usbId.ambiguous === true)
}

/** `2341:805a` — lower-case, four hex digits each, the form `lsusb` prints. */
export function formatUsbId(vid: number, pid: number): string {
  return `${hex4(vid)}:${hex4(pid)}`
}

/** Parses a hex id as serialport reports it (`2341`, `0x2341`); undefined when absent or not hex. */
export function parseHexId(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const digits = text.trim().replace(/^0x/i, '')
  if (!/^[0-9a-f]{1,4}$/i.test(digits)) return undefined
  return Number.parseInt(digits, 16)
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0')
}
