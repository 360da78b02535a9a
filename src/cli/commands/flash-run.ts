// The work of `mote flash`, loaded only when it runs: the same flashers as the app, progress on stderr.
import { join } from 'node:path'
import { boardFor, FlashService } from '../../main/services/flash/flash-service'
import { createFlashers } from '../../main/services/flash/flashers'
import { JobsService } from '../../main/services/jobs/jobs-service'
import { PortLeases } from '../../main/services/serial/port-leases'
import { nodeFileSystem } from '../../main/services/system/file-system'
import { defaultUserDirs } from '../../main/services/system/user-dirs'
import type { Output } from '../output'
import { createVirtualBoardsService } from './virtual-run'

export async function runFlash(
  file: string,
  opts: { board: string; port: string },
  out: Output,
): Promise<void> {
  const virtualBoards = createVirtualBoardsService()
  const flashers = createFlashers({
    fs: nodeFileSystem,
    findVirtual: (port) => virtualBoards.findByPort(port),
    tempDir: join(defaultUserDirs().cacheDir, 'flash'),
    onLog: (line) => out.info(line),
  })
  const service = new FlashService({
    fs: nodeFileSystem,
    jobs: new JobsService({
      createWorker: () => {
        throw new Error('mote flash runs no worker jobs')
      },
    }),
    leases: new PortLeases(),
    flashers,
  })
  const board = boardFor(opts.board)
  const image = await service.readImage(file, board)
  let lastPhrase = ''
  const result = await service.run(service.flasherFor(board), image, opts.port, board, {
    progress: (fraction, phrase) => {
      if (phrase !== lastPhrase) out.info(`${Math.round(fraction * 100)}%  ${phrase}`)
      lastPhrase = phrase
    },
    log: (line) => out.info(line),
    cancellation: { aborted: false },
  })
  out.data(
    result,
    () =>
      `Flashed ${result.bytesWritten} bytes to ${board.name} on ${opts.port} in ${(result.durationMs / 1000).toFixed(2)} s` +
      (result.verified ? ' (verified)' : ' (not verifiable)'),
  )
}
