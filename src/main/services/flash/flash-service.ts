import { basename } from 'node:path'
import { findBoard } from '../../../core/boards/board-lookup'
import type { Board } from '../../../core/boards/types'
import {
  FlashErrorCode,
  type FlashFileRequest,
  type FlashService as FlashApi,
} from '../../../shared/api/flash'
import type { JobContext, JobInfo } from '../../../shared/api/jobs'
import { MoteFailure } from '../../../shared/errors'
import type { JobsService } from '../jobs/jobs-service'
import type { PortLeases, PortPauser } from '../serial/port-leases'
import { isNotFound, type FileSystem } from '../system/file-system'
import type { FirmwareImage } from '../firmware/firmware-image'
import { readFirmwareFile } from '../firmware/firmware-file'
import type { FlashProtocol, FlashResult, Flasher } from './flasher'

/** Protocols that talk over the board's serial port, which must not be shared while flashing. */
const SERIAL_PROTOCOLS: ReadonlySet<FlashProtocol> = new Set(['stk500v1', 'sam-ba', 'esp32'])

/**
 * Flashing as the app offers it: read the image, pick the board's flasher by its protocol, hold the port
 * for the whole operation, and run it as a job whose progress is the flasher's own ("Writing page 37 of
 * 112"). The job's result is the `FlashResult` (bytes, verified, duration).
 */
export class FlashService implements FlashApi {
  constructor(
    private readonly deps: {
      readonly fs: FileSystem
      readonly jobs: JobsService
      readonly leases: PortLeases
      readonly flashers: ReadonlyMap<FlashProtocol, Flasher>
      /** The serial monitor: it lets go of the port while flashing and takes it back after. */
      readonly monitor?: PortPauser
    },
  ) {}

  async flashFile(request: FlashFileRequest): Promise<JobInfo> {
    const board = boardFor(request.boardId)
    const flasher = this.flasherFor(board)
    const image = await this.readImage(request.file, board)
    return this.deps.jobs.runInProcess(
      'flash',
      `Flash ${basename(request.file)} to ${board.name}`,
      (context) => this.run(flasher, image, request.port, board, context),
    )
  }

  /** Flashes an image already in memory (a build), reporting to `context`; used by jobs and the CLI. */
  async run(
    flasher: Flasher,
    image: FirmwareImage,
    port: string,
    board: Board,
    context: Pick<JobContext, 'progress' | 'log' | 'cancellation'>,
  ): Promise<FlashResult> {
    const resume = await this.deps.monitor?.pauseFor(port, 'flashing')
    if (resume) context.log(`The serial monitor on ${port} is paused while flashing.`)
    let lease: { dispose(): void } | undefined
    try {
      lease = SERIAL_PROTOCOLS.has(flasher.protocol) ? this.deps.leases.acquire(port, 'flashing') : undefined
      context.log(
        `Flashing ${image.bytes.length} bytes from ${image.source} to ${board.name} on ${port} (${flasher.protocol})`,
      )
      const result = await flasher.flash(
        image,
        { port, boardId: board.id },
        {
          onProgress: (p) => context.progress(p.fraction, p.phrase),
          cancellation: context.cancellation,
        },
      )
      context.log(
        `Wrote ${result.bytesWritten} bytes in ${(result.durationMs / 1000).toFixed(2)} s` +
          (result.verified ? ', verified by reading back.' : ' (this protocol cannot read back).'),
      )
      return result
    } finally {
      lease?.dispose()
      // The job ends now; the monitor comes back on its own once the board answers again.
      void resume?.()
    }
  }

  flasherFor(board: Board): Flasher {
    const flasher = this.deps.flashers.get(board.flashProtocol as FlashProtocol)
    if (flasher === undefined) {
      throw new MoteFailure(
        FlashErrorCode.NoFlasher,
        `Mote cannot flash the ${board.name} yet (it needs ${board.flashProtocol}). Use the vendor's tool for now.`,
      )
    }
    return flasher
  }

  async readImage(file: string, board: Board): Promise<FirmwareImage> {
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await this.deps.fs.readFile(file))
    } catch (error) {
      throw new MoteFailure(
        FlashErrorCode.FileUnreadable,
        isNotFound(error) ? `There is no file ${file}.` : `Could not read ${file}: ${String(error)}.`,
      )
    }
    return readFirmwareFile(file, bytes, board)
  }
}

export function boardFor(boardId: string): Board {
  const board = findBoard(boardId)
  if (board === undefined) {
    throw new MoteFailure(
      FlashErrorCode.UnknownBoard,
      `There is no board "${boardId}" in the catalog; see \`mote boards\`.`,
    )
  }
  return board
}
