export type VirtualBoardKind = 'uno' | 'm4' | 'm3'

export const VIRTUAL_BOARD_IDS: Readonly<Record<VirtualBoardKind, string>> = {
  uno: 'virtual-uno',
  m4: 'virtual-m4',
  m3: 'virtual-m3',
}

export function isVirtualBoardKind(value: string): value is VirtualBoardKind {
  return value === 'uno' || value === 'm4' || value === 'm3'
}
