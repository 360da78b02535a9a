import { JobsErrorCode } from '../../../../src/shared/api/jobs'
import { FlashErrorCode } from '../../../../src/shared/api/flash'
import { describe, expect, it } from 'vitest'
import { MoteFailure } from '../../../../src/shared/errors'
import type { FirmwareImage } from '../../../../src/main/services/firmware/firmware-image'
import { dtrPulseReset } from '../../../../src/main/services/firmware/reset-strategy'
import { planPages, Stk500v1Flasher } from '../../../../src/main/services/flash/stk500v1-flasher'
import { FakeOptiboot, type FakeOptibootOptions } from './fakes/fake-optiboot'
import { FakeSerialBus } from './fakes/fake-serial'

const PORT = '/dev/ttyACM0'
const noSleep = async () => undefined
/** Short deadlines: the fake answers at once, so only the no-answer cases wait for them. */
const FAST = { syncReplyMs: 40, commandReplyMs: 200, pageWriteReplyMs: 200 }

function image(bytes: number, mcu = 'atmega328p', baseAddress = 0): FirmwareImage {
  const data = new Uint8Array(bytes)
  for (let i = 0; i < bytes; i++) data[i] = (i * 7 + 3) & 0xff
  return { bytes: data, baseAddress, mcu, source: 'test.hex' }
}

function setup(options: FakeOptibootOptions = {}) {
  const bus = new FakeSerialBus()
  const board = new FakeOptiboot(options)
  bus.plug({ path: PORT }, board)
  const flasher = new Stk500v1Flasher({
    opener: bus.opener,
    resetFor: async () => dtrPulseReset(noSleep),
    sleep: noSleep,
    timing: FAST,
  })
  return { bus, board, flasher }
}

async function failure(promise: Promise<unknown>): Promise<MoteFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(MoteFailure)
  return error as MoteFailure
}

/** Flashes 1000 bytes and cancels when the progress phrase is `phrase`; returns the failure. */
function cancelledAt(flasher: Stk500v1Flasher, phrase: string): Promise<MoteFailure> {
  const cancellation = { aborted: false }
  const onProgress = (p: { phrase: string }) => void (cancellation.aborted ||= p.phrase === phrase)
  return failure(flasher.flash(image(1000), { port: PORT, boardId: 'uno' }, { cancellation, onProgress }))
}

describe('STK500v1 flasher against optiboot’s protocol', () => {
  it('writes every page, verifies it by reading back, and leaves the bootloader', async () => {
    const { board, flasher } = setup()
    const progress: string[] = []
    const result = await flasher.flash(
      image(1000),
      { port: PORT, boardId: 'uno' },
      { onProgress: (p) => progress.push(p.phrase) },
    )
    expect(result).toMatchObject({ verified: true, bytesWritten: 1024, deviceIdentity: '1E 95 0F' })
    expect(Array.from(board.flash.subarray(0, 1000))).toEqual(Array.from(image(1000).bytes))
    expect(board.flash[1000]).toBe(0xff) // the last page is padded with erased bytes
    expect(board.inBootloader).toBe(false)
    expect(progress).toContain('Writing page 8 of 8')
    expect(progress).toContain('Verifying page 8 of 8')
  })

  it('keeps trying to sync while the bootloader starts up', async () => {
    const { flasher } = setup({ deafSyncs: 3 })
    const result = await flasher.flash(image(128), { port: PORT, boardId: 'uno' }, {})
    expect(result.verified).toBe(true)
  })

  it('falls back on 57600 baud when the old bootloader of a Nano clone does not answer at 115200', async () => {
    const { bus, flasher } = setup({ baudRate: 57_600 })
    const result = await flasher.flash(image(300), { port: PORT, boardId: 'uno' }, {})
    expect(result.verified).toBe(true)
    expect(bus.openLog.map((o) => o.baudRate)).toEqual([115_200, 57_600])
  })

  it('says there is no answer from the bootloader, naming the port, when nothing answers', async () => {
    const { flasher } = setup({ silent: true })
    const error = await failure(flasher.flash(image(128), { port: PORT, boardId: 'uno' }, {}))
    expect(error.code).toBe(FlashErrorCode.NoBootloaderAnswer)
    expect(error.message).toBe(
      'No answer from the bootloader on /dev/ttyACM0 — is this an Arduino Uno? Try pressing reset just before flashing.',
    )
  })

  it('refuses an image built for another MCU once the signature is read, writing nothing', async () => {
    const { board, flasher } = setup()
    const error = await failure(flasher.flash(image(128, 'atmega2560'), { port: PORT, boardId: 'uno' }, {}))
    expect(error.code).toBe(FlashErrorCode.WrongMcu)
    expect(error.message).toMatch(
      /is an atmega328p \(signature 1E 95 0F\), but this image is for the atmega2560/,
    )
    expect(board.pagesWritten).toBe(0)
  })

  it('names a chip by its signature when the board is not what was picked', async () => {
    const { flasher } = setup({ signature: [0x1e, 0x94, 0x06] })
    const error = await failure(flasher.flash(image(128), { port: PORT, boardId: 'uno' }, {}))
    expect(error.message).toMatch(
      /is an atmega168 \(signature 1E 94 06\), but this image is for the atmega328p/,
    )
  })

  it('catches a byte that did not program, with its address', async () => {
    const { flasher } = setup({ corruptAddress: 0x123 })
    const error = await failure(flasher.flash(image(600), { port: PORT, boardId: 'uno' }, {}))
    expect(error.code).toBe(FlashErrorCode.VerifyFailed)
    expect(error.message).toMatch(/^Verification failed at 0x123:/)
  })

  it('reports a board unplugged mid-flash, and the next attempt succeeds', async () => {
    const bus = new FakeSerialBus()
    const first = new FakeOptiboot({ afterPages: { count: 3, run: () => bus.unplug(PORT) } })
    bus.plug({ path: PORT }, first)
    const flasher = new Stk500v1Flasher({
      opener: bus.opener,
      resetFor: async () => dtrPulseReset(noSleep),
      sleep: noSleep,
      timing: FAST,
    })
    const error = await failure(flasher.flash(image(1000), { port: PORT, boardId: 'uno' }, {}))
    expect(error.code).toBe(FlashErrorCode.PortGone)
    expect(error.message).toMatch(/went away while writing page 3 of 8; plug it back in/)
    bus.plug({ path: PORT }, new FakeOptiboot())
    expect((await flasher.flash(image(1000), { port: PORT, boardId: 'uno' }, {})).verified).toBe(true)
  })

  it('names the verify phase and its page when the board goes away while verifying', async () => {
    const { bus, flasher } = setup()
    const progress: string[] = []
    const error = await failure(
      flasher.flash(
        image(1000),
        { port: PORT, boardId: 'uno' },
        {
          onProgress: (p) => {
            progress.push(p.phrase)
            if (p.phrase === 'Verifying page 3 of 8') bus.unplug(PORT)
          },
        },
      ),
    )
    expect(error.code).toBe(FlashErrorCode.PortGone)
    expect(error.message).toBe(
      'The board on /dev/ttyACM0 went away while verifying page 3 of 8 (every page was written); plug it back in and flash again.',
    )
    expect(progress.at(-1)).toBe('Verifying page 3 of 8')
  })

  it('says a cancel during verify came after every page was written', async () => {
    const { flasher } = setup()
    const error = await cancelledAt(flasher, 'Verifying page 2 of 8')
    expect(error.code).toBe(JobsErrorCode.Cancelled)
    expect(error.message).toBe(
      'Flashing was cancelled while verifying page 2 of 8: the image is written but not checked; flash again to be sure.',
    )
  })

  it('stops between pages when cancelled', async () => {
    const { board, flasher } = setup()
    const error = await cancelledAt(flasher, 'Writing page 3 of 8')
    expect(error.code).toBe(JobsErrorCode.Cancelled)
    expect(error.message).toBe(
      'Flashing was cancelled while writing page 3 of 8; the board holds a partial image until you flash again.',
    )
    expect(board.pagesWritten).toBe(2)
  })

  it('says so when the port cannot be opened', async () => {
    const { flasher } = setup()
    const error = await failure(flasher.flash(image(10), { port: '/dev/ttyNOPE', boardId: 'uno' }, {}))
    expect(error.code).toBe(FlashErrorCode.PortOpenFailed)
  })
})

describe('planning STK500v1 pages', () => {
  it('pads a partial first and last page with erased bytes', () => {
    const plan = planPages(image(100, 'atmega328p', 200), { port: PORT, boardId: 'uno' })
    expect(plan.pages.map((p) => p.address)).toEqual([128, 256])
    expect(plan.pages[0]!.bytes[71]).toBe(0xff)
    expect(plan.pages[0]!.bytes[72]).toBe(image(100).bytes[0])
    expect(plan.pages[1]!.bytes[300 - 256]).toBe(0xff)
  })

  it('refuses an image that reaches into the bootloader', () => {
    expect(() => planPages(image(32257), { port: PORT, boardId: 'uno' })).toThrow(/room for 0x0–0x7e00/)
  })

  it('refuses a board that is not flashed over STK500v1', () => {
    expect(() => planPages(image(10), { port: PORT, boardId: 'pico' })).toThrow(MoteFailure)
  })
})
