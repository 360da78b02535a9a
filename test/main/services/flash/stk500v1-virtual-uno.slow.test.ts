import { FlashErrorCode } from '../../../../src/shared/api/flash'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MoteFailure } from '../../../../src/shared/errors'
import { readFirmwareImage, type FirmwareImage } from '../../../../src/main/services/firmware/firmware-image'
import { nodeSerialOpener } from '../../../../src/main/services/serial/serial-port'
import { Stk500v1Flasher } from '../../../../src/main/services/flash/stk500v1-flasher'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'
import { blinkEchoProject } from '../../../../src/main/services/toolchain/blink-echo-project'
import type { VirtualBoardsService } from '../../../../src/main/services/virtual-boards/virtual-boards-service'
import { stk500ResetResolver } from '../../../../src/main/services/flash/stk500v1-reset'
import {
  openCollector,
  RESOURCES_DIR,
  sleep,
  testToolchain,
  testVirtualBoards,
} from '../virtual-boards/fixtures'

const toolchain = testToolchain()
let service: VirtualBoardsService
let port = ''
let flasher: Stk500v1Flasher

async function buildImage(
  options: { loopCount?: number; mcu?: string } = {},
): Promise<{ image: FirmwareImage; hexPath: string }> {
  const out = await mkdtemp(join(tmpdir(), 'mote-be-'))
  const base = blinkEchoProject(
    RESOURCES_DIR,
    'uno',
    options.loopCount === undefined ? {} : { loopCount: options.loopCount },
  )
  const mcu = options.mcu ?? 'atmega328p'
  const project = { ...base, cflags: [`-mmcu=${mcu}`, '-DF_CPU=16000000UL'] }
  const result = await toolchain.build(project, out)
  const image = readFirmwareImage(new Uint8Array(await readFile(result.elfPath)), 'elf', {
    mcu,
    source: 'blink-echo.elf',
  })
  return { image, hexPath: result.hexPath }
}

beforeAll(async () => {
  service = (await testVirtualBoards(toolchain)).service
  port = (await service.start('uno')).port
  flasher = new Stk500v1Flasher({
    opener: nodeSerialOpener,
    resetFor: stk500ResetResolver((p) => service.findByPort(p), sleep),
    sleep,
  })
})

afterAll(async () => {
  await service.stopAll()
})

describe('flashing the virtual Uno through its optiboot', () => {
  it('writes blink-echo with our STK500v1 flasher, verifies it, and the program then echoes over serialport', async () => {
    const { image } = await buildImage()
    const result = await flasher.flash(image, { port, boardId: 'virtual-uno' }, {})
    expect(result.verified).toBe(true)
    expect(result.deviceIdentity).toBe('1E 95 0F')
    const serial = await openCollector(port) // opening resets the board, as DTR does: optiboot, then the program
    try {
      await serial.until('mote blink-echo avr', 5000)
      await serial.write('hello, mote\n')
      const text = await serial.until('hello, mote\n', 3000)
      expect(text.endsWith('hello, mote\n')).toBe(true)
    } finally {
      await serial.close()
    }
  })

  it('is flashed and verified by real avrdude -c arduino, and runs what avrdude wrote', async () => {
    const { hexPath } = await buildImage({ loopCount: 250 })
    const run = await nodeProcessRunner.run(
      'avrdude',
      ['-c', 'arduino', '-p', 'm328p', '-P', port, '-b', '115200', '-U', `flash:w:${hexPath}:i`],
      { timeoutMs: 60_000 },
    )
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/bytes of flash verified/)
    const marker = await service.uno()!.nextMarker(5000)
    expect(marker.cycles).toBe(4 * 250) // the loop avrdude wrote, not the earlier one (4 × 1000)
  })

  it('refuses an image built for another MCU after reading the signature', async () => {
    const { image } = await buildImage({ mcu: 'atmega168' })
    const error = (await flasher
      .flash(image, { port, boardId: 'virtual-uno' }, {})
      .catch((e: unknown) => e)) as MoteFailure
    expect(error).toBeInstanceOf(MoteFailure)
    expect(error.code).toBe(FlashErrorCode.WrongMcu)
    expect(error.message).toContain(
      'is an atmega328p (signature 1E 95 0F), but this image is for the atmega168',
    )
  })

  it('reports a board unplugged mid-flash clearly, and flashes fine once it is back', async () => {
    const { big, error } = await killedAt('Writing page 10 of 64')
    expect(error.message).toMatch(
      /^The board on .*\/uno\/tty went away while writing page 1[01] of 64; plug it back in/,
    )
    const result = await flasher.flash(big, { port, boardId: 'virtual-uno' }, {})
    expect(result.verified).toBe(true)
  })

  it('names the verify phase and its page when the board is killed while verifying', async () => {
    const { error } = await killedAt('Verifying page 10 of 64')
    expect(error.message).toMatch(
      /^The board on .*\/uno\/tty went away while verifying page 1[01] of 64 \(every page was written\); plug it back in/,
    )
  })
})

/**
 * Flashes an 8 KiB image and kills the virtual Uno (the cable, pulled) when the progress phrase is
 * `phrase`; checks it is reported as a lost port, then starts the board again.
 */
async function killedAt(phrase: string): Promise<{ big: FirmwareImage; error: MoteFailure }> {
  const { image: small } = await buildImage()
  const big: FirmwareImage = { ...small, bytes: padTo(small.bytes, 8192) }
  const uno = service.uno()!
  const onProgress = (p: { phrase: string }) => {
    if (p.phrase === phrase) process.kill(uno.state.pid!, 'SIGKILL')
  }
  const error = (await flasher
    .flash(big, { port, boardId: 'virtual-uno' }, { onProgress })
    .catch((e: unknown) => e)) as MoteFailure
  expect(error).toBeInstanceOf(MoteFailure)
  expect(error.code).toBe(FlashErrorCode.PortGone)
  await uno.stop()
  port = (await service.start('uno')).port
  return { big, error }
}

function padTo(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length)
  out.set(bytes)
  for (let i = bytes.length; i < length; i++) out[i] = (i * 31 + 7) & 0xff
  return out
}
