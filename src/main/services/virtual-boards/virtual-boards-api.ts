import {
  VIRTUAL_BOARD_KINDS,
  type VirtualBoardKind,
  type VirtualBoardStatus,
  type VirtualBoardsService as VirtualBoardsApi,
} from '../../../shared/api/virtual-boards'
import { Emitter } from '../../../shared/events'
import { VIRTUAL_BOARD_IDS } from '../../../core/boards/catalog-virtual'
import type { VirtualBoardsService } from './virtual-boards-service'

/**
 * The virtual boards as the UI sees them: each kind with whether it runs, its port, and why it cannot run
 * here when it cannot. Starting and stopping announce the new list so the device list and the Devices view
 * update at once rather than at the next poll.
 */
export class VirtualBoardsApiService implements VirtualBoardsApi {
  private readonly changed = new Emitter<readonly VirtualBoardStatus[]>()
  readonly onDidChange = this.changed.event

  constructor(private readonly boards: VirtualBoardsService) {}

  async list(): Promise<readonly VirtualBoardStatus[]> {
    const ports = await this.boards.ports()
    return VIRTUAL_BOARD_KINDS.map((kind) => {
      const boardId = VIRTUAL_BOARD_IDS[kind]
      const port = ports.find((p) => p.boardId === boardId)
      return {
        kind,
        boardId,
        running: port?.portPath !== undefined,
        available: port?.available ?? false,
        ...(port?.portPath ? { port: port.portPath } : {}),
        ...(port?.reason ? { reason: port.reason } : {}),
      }
    })
  }

  async start(kind: VirtualBoardKind): Promise<VirtualBoardStatus> {
    await this.boards.start(kind)
    const list = await this.list()
    this.changed.fire(list)
    return list.find((s) => s.kind === kind)!
  }

  async stop(kind: VirtualBoardKind): Promise<void> {
    await this.boards.stop(kind)
    this.changed.fire(await this.list())
  }
}
