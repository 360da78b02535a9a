import { describe, expect, it } from 'vitest'
import { codeOf } from '../../../fixtures/failures'
import { FlashErrorCode } from '../../../../src/shared/api/flash'
import { JobsErrorCode } from '../../../../src/shared/api/jobs'
import { Esp32Flasher } from '../../../../src/main/services/flash/esp32-flasher'
import type { FlashProgress } from '../../../../src/main/services/flash/flasher'
import { FakeEsp32Rom, type FakeEsp32Options } from './fakes/fake-esp32-rom'
import { FakeSerialBus } from './fakes/fake-serial'

const PORT = { path: '/dev/ttyUSB0', vendorId: '10c4', productId: 'ea60', serialNumber: '0001' }
const DEVKIT = { port: PORT.path, boardId: 'esp32-devkitc' }

function image(length: number, baseAddress = 0x10000) {
  let x = 5
  // Half random, half runs: deflate must really compress and the stub must really inflate.
  const bytes = Uint8Array.from({ length }, (_, i) =>
    i % 512 < 256 ? ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) & 0xff : i & 0x0f,
  )
  return { bytes, baseAddress, mcu: 'esp32', source: 'test' }
}

function setUp(options: FakeEsp32Options = {}, baudRate = 460_800) {
  const bus = new FakeSerialBus()
  const rom = new FakeEsp32Rom(options)
  bus.plug(PORT, rom)
  const log: string[] = []
  const flasher = new Esp32Flasher({ opener: bus.opener, baudRate, onLog: (line) => log.push(line) })
  return { bus, rom, flasher, log }
}

describe('Esp32Flasher (esptool-js) against a scripted ESP32 ROM loader', () => {
  it('resets into download mode, runs the stub, writes compressed, verifies by MD5 and restarts', async () => {
    const { rom, flasher, log } = setUp()
    const img = image(100_000)
    const progress: FlashProgress[] = []
    const result = await flasher.flash(img, DEVKIT, { onProgress: (p) => progress.push(p) })

    expect(rom.flash.subarray(0x10000, 0x10000 + img.bytes.length)).toEqual(img.bytes)
    expect(result).toMatchObject({ bytesWritten: 100_000, verified: true })
    expect(result.deviceIdentity).toMatch(/^ESP32-D0WD/)
    expect(rom.downloadBoots).toBeGreaterThanOrEqual(1)
    expect(rom.appBoots).toBe(1)
    expect(rom.mode).toBe('app')
    expect(rom.log).toContain('op 0x0f')
    expect(rom.log.filter((l) => l === 'op 0x11').length).toBeGreaterThan(1)
    expect(log).toContain('Hash of data verified.')
    expect(progress.at(-1)?.fraction).toBe(1)
  })

  it('reports a flash that does not hold the image as a verification failure', async () => {
    const { flasher } = setUp({ stuckAddress: 0x10000 + 1234 })
    expect(await codeOf(flasher.flash(image(4096), DEVKIT, {}))).toBe(FlashErrorCode.VerifyFailed)
  })

  it('reports an unplug mid-flash, and the next attempt succeeds', async () => {
    const { bus, rom, flasher } = setUp({}, 115_200)
    const onProgress = (p: FlashProgress) => {
      if (p.phrase.startsWith('Writing') && p.fraction > 0.2) bus.unplug(PORT.path)
    }
    expect(await codeOf(flasher.flash(image(100_000), DEVKIT, { onProgress }))).toBe(FlashErrorCode.PortGone)
    bus.plug(PORT, rom)
    const img = image(100_000)
    expect((await flasher.flash(img, DEVKIT, {})).verified).toBe(true)
    expect(rom.flash.subarray(0x10000, 0x10000 + img.bytes.length)).toEqual(img.bytes)
  })

  it('stops between blocks when cancelled', async () => {
    const { flasher } = setUp()
    const cancellation = { aborted: false }
    const onProgress = (p: FlashProgress) => {
      if (p.phrase.startsWith('Writing') && p.fraction > 0.2) cancellation.aborted = true
    }
    expect(await codeOf(flasher.flash(image(100_000), DEVKIT, { onProgress, cancellation }))).toBe(
      JobsErrorCode.Cancelled,
    )
  })

  it('refuses an image outside the flash before touching the port', async () => {
    const { bus, flasher } = setUp()
    expect(await codeOf(flasher.flash(image(16, 0x400000), DEVKIT, {}))).toBe(FlashErrorCode.ImageOutOfRange)
    expect(bus.openLog).toEqual([])
  })
})
