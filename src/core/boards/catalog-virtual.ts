import { VIRTUAL_BOARD_KINDS, type VirtualBoardKind } from '../../shared/api/virtual-boards'
import { ATMEGA328P_16MHZ, OPTIBOOT_328P } from './atmega328p'
import type { Board } from './types'

/** The catalog id of each virtual board kind (what the virtual-boards service starts). */
export const VIRTUAL_BOARD_IDS: Readonly<Record<VirtualBoardKind, string>> = {
  uno: 'virtual-uno',
  m4: 'virtual-m4',
  m3: 'virtual-m3',
}

/** The kind of a virtual board by its catalog id; undefined for a real board. */
export function virtualKindOf(boardId: string): VirtualBoardKind | undefined {
  return VIRTUAL_BOARD_KINDS.find((kind) => VIRTUAL_BOARD_IDS[kind] === boardId)
}

/** True for the name of a virtual board kind (a command-line argument, say). */
export function isVirtualBoardKind(value: string): value is VirtualBoardKind {
  return (VIRTUAL_BOARD_KINDS as readonly string[]).includes(value)
}

/**
 * Boards that run on this computer (DESIGN.md §4). Their figures are the emulated machine's, which is what
 * a latency or memory estimate on them must use; sources in docs/boards.md.
 */
export const VIRTUAL_BOARDS: readonly Board[] = [
  {
    id: VIRTUAL_BOARD_IDS.uno,
    name: 'Virtual Uno (simavr)',
    vendor: 'Mote Studio',
    ...ATMEGA328P_16MHZ,
    ...OPTIBOOT_328P,
    usbIds: [],
    flashProtocol: 'stk500v1',
    virtual: true,
    sources: ['atmega328p-ds', 'arduino-avr-boards', 'simavr'],
  },
  {
    id: VIRTUAL_BOARD_IDS.m4,
    name: 'Virtual Cortex-M4 (QEMU mps2-an386)',
    vendor: 'Mote Studio',
    mcu: 'mps2-an386',
    core: 'cortex-m4',
    clockHz: 25_000_000,
    sramBytes: 4 * 1024 * 1024,
    flashBytes: 4 * 1024 * 1024,
    supplyVolts: 3.3,
    usbIds: [],
    flashProtocol: 'qemu',
    // Soft float keeps the image independent of whether the emulated core's FPU is enabled by the start-up code.
    toolchain: { family: 'arm', cflags: ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=soft'] },
    virtual: true,
    sources: ['qemu-mps2'],
  },
  {
    id: VIRTUAL_BOARD_IDS.m3,
    name: 'Virtual Cortex-M3 (QEMU lm3s6965evb)',
    vendor: 'Mote Studio',
    mcu: 'lm3s6965',
    core: 'cortex-m3',
    clockHz: 50_000_000,
    sramBytes: 64 * 1024,
    flashBytes: 256 * 1024,
    supplyVolts: 3.3,
    usbIds: [],
    flashProtocol: 'qemu',
    toolchain: { family: 'arm', cflags: ['-mcpu=cortex-m3', '-mthumb'] },
    virtual: true,
    sources: ['qemu-stellaris', 'lm3s6965-ds'],
  },
]
