/** Virtual board errors (8xxx). Stable numbers: tests and docs name them. */
export const VirtualBoardErrorCode = {
  Unavailable: 8001,
  StartFailed: 8002,
  NotRunning: 8003,
  AlreadyRunning: 8004,
  HelperExited: 8005,
  ControlFailed: 8006,
  QemuMissing: 8007,
  ImageNotLoadable: 8008,
  LoadVerifyFailed: 8009,
  SignalFileRejected: 8010,
} as const

export type VirtualBoardKind = 'uno' | 'm4' | 'm3'

export const VIRTUAL_BOARD_IDS: Readonly<Record<VirtualBoardKind, string>> = {
  uno: 'virtual-uno',
  m4: 'virtual-m4',
  m3: 'virtual-m3',
}

export function isVirtualBoardKind(value: string): value is VirtualBoardKind {
  return value === 'uno' || value === 'm4' || value === 'm3'
}
