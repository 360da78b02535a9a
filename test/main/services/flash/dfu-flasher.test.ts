import { describe, expect, it } from 'vitest'
import { codeOf } from '../../../fixtures/failures'
import { FlashErrorCode } from '../../../../src/shared/api/flash'
import { JobsErrorCode } from '../../../../src/shared/api/jobs'
import { DfuFlasher } from '../../../../src/main/services/flash/dfu-flasher'
import { parseDfuseLayout, sectorsToErase } from '../../../../src/main/services/flash/dfu-protocol'
import type { FlashProgress } from '../../../../src/main/services/flash/flasher'
import { FakeDfuDevice, type FakeDfuOptions } from './fakes/fake-dfu-device'

/** The STM32L4R5's system bootloader: 2 MB in 8 KB pages (single-bank), 2048-byte transfers. */
const STM32L4R5: FakeDfuOptions = {
  dfuse: true,
  transferSize: 2048,
  layout: '@Internal Flash  /0x08000000/256*008Kg',
  flashBase: 0x08000000,
  flashBytes: 2 * 1024 * 1024,
  sectorBytes: 8192,
}

const NUCLEO = { port: '', boardId: 'nucleo-l4r5zi' }
const immediate = async () => undefined

function image(length: number, baseAddress = 0x08000000) {
  let x = 99
  const bytes = Uint8Array.from(
    { length },
    () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) & 0xff,
  )
  return { bytes, baseAddress, mcu: 'stm32l4r5zi', source: 'test' }
}

function flasherFor(...devices: FakeDfuDevice[]) {
  return new DfuFlasher({ devices: async () => devices, sleep: immediate })
}

describe('DfuSe memory layout', () => {
  it('parses the STM32 descriptor and picks the sectors an image covers', () => {
    const layout = parseDfuseLayout('@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg')
    expect(layout.name).toBe('Internal Flash')
    expect(layout.segments.map((s) => [s.start, s.sectorBytes, s.sectors, s.writable])).toEqual([
      [0x08000000, 16384, 4, true],
      [0x08010000, 65536, 1, true],
      [0x08020000, 131072, 7, true],
    ])
    expect(sectorsToErase(layout.segments, 0x08000000, 0x08010001)).toEqual([
      0x08000000, 0x08004000, 0x08008000, 0x0800c000, 0x08010000,
    ])
  })

  it('refuses a range outside writable memory', () => {
    // ST's type letters: a = readable only, e = readable and writable, g = readable, erasable, writable.
    const layout = parseDfuseLayout('@System Memory /0x1FFF0000/01*028Ka/0x1FFF7800/01*040 e')
    expect(layout.segments.map((s) => [s.readable, s.erasable, s.writable])).toEqual([
      [true, false, false],
      [true, false, true],
    ])
    expect(() => sectorsToErase(layout.segments, 0x1fff0000, 0x1fff0010)).toThrow(RangeError)
    expect(() => sectorsToErase(layout.segments, 0x20000000, 0x20000010)).toThrow(RangeError)
    expect(sectorsToErase(layout.segments, 0x1fff7800, 0x1fff7810)).toEqual([])
  })
})

describe('DfuFlasher against a DFU 1.1 state machine', () => {
  it('flashes an STM32 over DfuSe: erase the sectors, write, read back, leave', async () => {
    const device = new FakeDfuDevice(STM32L4R5)
    const img = image(20_000)
    const progress: FlashProgress[] = []
    const result = await flasherFor(device).flash(img, NUCLEO, { onProgress: (p) => progress.push(p) })
    expect(device.flash.subarray(0, 20_000)).toEqual(img.bytes)
    expect(result).toMatchObject({ bytesWritten: 20_000, verified: true })
    expect(result.deviceIdentity).toBe('0483:df11 DFU 1.1a serial 3677375A3036')
    expect(device.log.filter((l) => l.startsWith('CMD 41'))).toEqual([
      'CMD 4100000008',
      'CMD 4100200008',
      'CMD 4100400008',
    ])
    expect(device.log.filter((l) => l.startsWith('DNLOAD 2'))).toHaveLength(10)
    expect(device.log.at(-1)).toBe('DNLOAD 0 (empty)')
    expect(device.started).toBe(true)
    expect(progress.at(-1)?.fraction).toBe(1)
  })

  it('brings a device left in dfuERROR back to idle before flashing', async () => {
    const device = new FakeDfuDevice(STM32L4R5)
    device.state = 10
    await flasherFor(device).flash(image(100), NUCLEO, {})
    expect(device.started).toBe(true)
  })

  it('reports the DFU status when programming fails', async () => {
    const device = new FakeDfuDevice({ ...STM32L4R5, failWriteAt: 0x08001000 })
    const flasher = flasherFor(device)
    let message = ''
    const code = await codeOf(
      flasher.flash(image(8000), NUCLEO, {}).catch((e) => {
        message = String(e.message)
        throw e
      }),
    )
    expect(code).toBe(FlashErrorCode.DfuStatusError)
    expect(message).toContain('errWRITE')
  })

  it('refuses an image beyond the board flash', async () => {
    const flasher = flasherFor(new FakeDfuDevice(STM32L4R5))
    expect(await codeOf(flasher.flash(image(100, 0x08200000), NUCLEO, {}))).toBe(
      FlashErrorCode.ImageOutOfRange,
    )
  })

  it('flashes a plain DFU 1.1 device and verifies when it is manifestation-tolerant', async () => {
    const layout = { ...STM32L4R5, dfuse: false, manifestationTolerant: true }
    const tolerant = new FakeDfuDevice(layout)
    const img = image(5000)
    expect((await flasherFor(tolerant).flash(img, NUCLEO, {})).verified).toBe(true)
    expect(tolerant.flash.subarray(0, 5000)).toEqual(img.bytes)
    const strict = new FakeDfuDevice({ ...layout, manifestationTolerant: false })
    expect((await flasherFor(strict).flash(img, NUCLEO, {})).verified).toBe(false)
    expect(strict.state).toBe(8)
  })

  it('stops between blocks when cancelled, leaving the device idle for the next attempt', async () => {
    const device = new FakeDfuDevice(STM32L4R5)
    const cancellation = { aborted: false }
    const onProgress = (p: FlashProgress) => {
      if (p.phrase === 'Writing block 3 of 10') cancellation.aborted = true
    }
    expect(await codeOf(flasherFor(device).flash(image(20_000), NUCLEO, { onProgress, cancellation }))).toBe(
      JobsErrorCode.Cancelled,
    )
    expect(device.state).toBe(2)
    expect((await flasherFor(device).flash(image(20_000), NUCLEO, {})).verified).toBe(true)
  })

  it('reports a device unplugged mid-flash, and the next attempt succeeds', async () => {
    const device = new FakeDfuDevice(STM32L4R5)
    const onProgress = (p: FlashProgress) => {
      if (p.phrase === 'Writing block 4 of 10') device.gone = true
    }
    expect(await codeOf(flasherFor(device).flash(image(20_000), NUCLEO, { onProgress }))).toBe(
      FlashErrorCode.PortGone,
    )
    device.replug()
    const img = image(20_000)
    expect((await flasherFor(device).flash(img, NUCLEO, {})).verified).toBe(true)
    expect(device.flash.subarray(0, 20_000)).toEqual(img.bytes)
  })

  it('says how to enter DFU mode when no device is there, and when USB is missing', async () => {
    expect(await codeOf(flasherFor().flash(image(10), NUCLEO, {}))).toBe(FlashErrorCode.DfuDeviceNotFound)
    const noBus = new DfuFlasher({
      devices: async () => Promise.reject(new Error('/sys/bus/usb/devices/ not found')),
    })
    expect(await codeOf(noBus.flash(image(10), NUCLEO, {}))).toBe(FlashErrorCode.UsbUnavailable)
  })

  it('picks the device named by the port among several', async () => {
    const a = new FakeDfuDevice({ ...STM32L4R5, serialNumber: 'AAAA' })
    const b = new FakeDfuDevice({ ...STM32L4R5, serialNumber: 'BBBB' })
    expect(await codeOf(flasherFor(a, b).flash(image(10), NUCLEO, {}))).toBe(FlashErrorCode.DfuDeviceNotFound)
    await flasherFor(a, b).flash(image(10), { port: 'usb:0483:df11:BBBB', boardId: 'nucleo-l4r5zi' }, {})
    expect([a.started, b.started]).toEqual([false, true])
  })
})
