import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { boardFor, FlashService } from '../../src/main/services/flash/flash-service'
import { createFlashers } from '../../src/main/services/flash/flashers'
import { nodeSerialOpener } from '../../src/main/services/serial/serial-port'
import { JobsService } from '../../src/main/services/jobs/jobs-service'
import { PortLeases } from '../../src/main/services/serial/port-leases'
import { nodeFileSystem } from '../../src/main/services/system/file-system'

/**
 * Hardware in the loop: the same flash-and-echo check as the virtual Uno's, on a real board. Runs only
 * when MOTE_TEST_PORT names its port (MOTE_TEST_BOARD defaults to `uno`); pending otherwise.
 *   MOTE_TEST_PORT=/dev/ttyACM0 npx vitest run --project hil
 */
const port = process.env.MOTE_TEST_PORT
const boardId = process.env.MOTE_TEST_BOARD ?? 'uno'
const HEX = join(import.meta.dirname, '../main/services/toolchain/fixtures/blink-echo-uno.hex')

describe.skipIf(port === undefined)(
  `blink-echo on a real ${boardId} at ${port ?? '(no MOTE_TEST_PORT)'}`,
  () => {
    it('flashes through the bootloader with read-back verify, then prints its banner and echoes', async () => {
      const service = new FlashService({
        fs: nodeFileSystem,
        jobs: new JobsService({
          createWorker: () => {
            throw new Error('no worker jobs here')
          },
        }),
        leases: new PortLeases(),
        flashers: createFlashers({ fs: nodeFileSystem, findVirtual: async () => undefined, tempDir: '/tmp' }),
      })
      const board = boardFor(boardId)
      const image = await service.readImage(HEX, board)
      const result = await service.run(service.flasherFor(board), image, port!, board, {
        progress: () => undefined,
        log: () => undefined,
        cancellation: { aborted: false },
      })
      expect(result.verified).toBe(true)

      const serial = await nodeSerialOpener(port!, { baudRate: 115200 })
      let text = ''
      serial.onData((chunk) => (text += new TextDecoder().decode(chunk)))
      const until = async (check: () => boolean) => {
        const end = Date.now() + 5000
        while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
      }
      await until(() => text.includes('mote blink-echo avr'))
      await serial.write(new TextEncoder().encode('ping\n'))
      await until(() => text.includes('ping'))
      await serial.close()
      expect(text).toContain('mote blink-echo avr')
      expect(text).toContain('ping')
    }, 60_000)
  },
)
