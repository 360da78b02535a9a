import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { Disposable, Listener } from '../events'

export const virtualBoardKindSchema = z.enum(['uno', 'm4', 'm3'])
export type VirtualBoardKind = z.infer<typeof virtualBoardKindSchema>

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
