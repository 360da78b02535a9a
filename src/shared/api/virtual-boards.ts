import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { Disposable, Listener } from '../events'

/** Virtual board errors: the 8xxx block (docs/architecture.md, docs/virtual-boards.md). */
export const VirtualBoardsErrorCode = {
  /** simavr, the harness or QEMU cannot run here; the message says what is missing. */
  Unavailable: 8001,
  StartFailed: 8002,
  NotRunning: 8003,
  AlreadyRunning: 8004,
  HelperExited: 8005,
  /** The harness did not answer a control command. */
  ControlFailed: 8006,
  QemuMissing: 8007,
  /** An image QEMU cannot load (outside the machine's code memory). */
  ImageNotLoadable: 8008,
  /** QEMU's memory does not hold the loaded image. */
  LoadVerifyFailed: 8009,
  SignalFileRejected: 8010,
} as const

/**
 * The virtual boards (DESIGN.md §4), the one list of them: the simavr Uno and the QEMU Cortex-M4 and -M3.
 * Their catalog entries (ids, figures) are in src/core/boards/catalog-virtual.ts.
 */
export const virtualBoardKindSchema = z.enum(['uno', 'm4', 'm3'])
export type VirtualBoardKind = z.infer<typeof virtualBoardKindSchema>
export const VIRTUAL_BOARD_KINDS: readonly VirtualBoardKind[] = virtualBoardKindSchema.options
/** The QEMU boards among them. */
export type CortexMKind = Exclude<VirtualBoardKind, 'uno'>

export interface VirtualBoardStatus {
  readonly kind: VirtualBoardKind
  readonly boardId: string
  readonly running: boolean
  /** The serial port to open while it runs. */
  readonly port?: string
  /** False when it cannot run on this computer; `reason` says what is missing. */
  readonly available: boolean
  readonly reason?: string
}

export interface VirtualBoardsService {
  list(): Promise<readonly VirtualBoardStatus[]>
  start(kind: VirtualBoardKind): Promise<VirtualBoardStatus>
  stop(kind: VirtualBoardKind): Promise<void>
  onDidChange(listener: Listener<readonly VirtualBoardStatus[]>): Disposable
}

export const virtualBoardsContract: ServiceContract<VirtualBoardsService> = {
  name: 'virtual',
  methods: {
    list: z.tuple([]),
    start: z.tuple([virtualBoardKindSchema]),
    stop: z.tuple([virtualBoardKindSchema]),
  },
  events: ['didChange'],
}
