import { describe, expect, it } from 'vitest'
import { codeOf } from '../../../fixtures/failures'
import { FlashErrorCode } from '../../../../src/shared/api/flash'
import { JobsErrorCode } from '../../../../src/shared/api/jobs'
import type { FlashProgress } from '../../../../src/main/services/flash/flasher'
import { SambaFlasher } from '../../../../src/main/services/flash/sam-ba-flasher'
import { crc16 } from '../../../../src/main/services/flash/samba-monitor'
import { FakeSambaMonitor, type FakeSambaOptions } from './fakes/fake-samba-monitor'
import { FakeSerialBus, type FakeDevice } from './fakes/fake-serial'

const XIAO_APP = { path: '/dev/ttyACM0', vendorId: '2886', productId: '802f', serialNumber: 'XIAO1' }
const XIAO_BOOT = { path: '/dev/ttyACM1', vendorId: '2886', productId: '002f', serialNumber: 'XIAO1' }
const XIAO_MONITOR: FakeSambaOptions = {
  version: 'v1.1 [Arduino:XYZ] Mar 10 2020 15:03:36',
  flashBase: 0,
  flashBytes: 256 * 1024,
  eraseRowBytes: 256,
  sram: { base: 0x20000000, bytes: 32 * 1024 },
  // Cortex-M0+ CPUID (part 0xC60) and the DSU DID of an ATSAMD21G18A, revision D.
  registers: { 0xe000ed00: 0x410cc601, 0x41002018: 0x10010305 },
}

const NANO33_APP = { path: '/dev/ttyACM0', vendorId: '2341', productId: '805a', serialNumber: 'N33' }
const NANO33_BOOT = { path: '/dev/ttyACM0', vendorId: '2341', productId: '005a', serialNumber: 'N33' }

function image(bytes: number, baseAddress: number, seed = 7) {
  let x = seed
  const data = Uint8Array.from(
    { length: bytes },
    () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) & 0xff,
  )
  return { bytes: data, baseAddress, mcu: 'atsamd21g18a', source: 'test' }
}

/** An application that reboots into the bootloader after the 1200-baud touch, like the Arduino core's CDC. */
function resettingApp(bus: FakeSerialBus, appPath: string, boot: () => void): FakeDevice {
  return {
    receive: () => undefined,
    closed: (baudRate) => {
      if (baudRate !== 1200) return
      bus.unplug(appPath)
      setTimeout(boot, 30)
    },
  }
}

function setUpXiao(options: Partial<FakeSambaOptions> = {}) {
  const bus = new FakeSerialBus()
  const monitor = new FakeSambaMonitor({ ...XIAO_MONITOR, ...options })
  bus.plug(
    XIAO_APP,
    resettingApp(bus, XIAO_APP.path, () => bus.plug(XIAO_BOOT, monitor)),
  )
  const flasher = new SambaFlasher({ opener: bus.opener, listPorts: bus.list, bootloaderWaitMs: 2000 })
  return { bus, monitor, flasher }
}

describe('SambaFlasher against a scripted SAM-BA monitor', () => {
  it('flashes a XIAO SAMD21: touch, bootloader port, identify, erase, write, CRC verify, reset', async () => {
    const { bus, monitor, flasher } = setUpXiao()
    const img = image(10_000, 0x2000)
    const progress: FlashProgress[] = []
    const result = await flasher.flash(
      img,
      { port: XIAO_APP.path, boardId: 'xiao-samd21' },
      { onProgress: (p) => progress.push(p) },
    )

    expect(bus.openLog).toEqual([
      { path: '/dev/ttyACM0', baudRate: 1200 },
      { path: '/dev/ttyACM1', baudRate: 921600 },
    ])
    expect(monitor.flash.subarray(0x2000, 0x2000 + img.bytes.length)).toEqual(img.bytes)
    expect(monitor.flash.subarray(0x2000 + 10_000, 0x2000 + 10_048).every((b) => b === 0xff)).toBe(true)
    expect(monitor.flash.subarray(0, 0x2000).every((b) => b === 0xff)).toBe(true)
    expect(result).toMatchObject({ bytesWritten: 10_048, verified: true })
    expect(result.deviceIdentity).toContain('DSU DID 0x10010005')
    expect(monitor.resets).toBe(1)
    expect(monitor.commandLog.slice(0, 5)).toEqual(['N#', 'V#', 'wE000ED00,4#', 'w41002018,4#', 'X00002000#'])
    expect(monitor.commandLog).toContain('S20005000,00001000#')
    expect(monitor.commandLog).toContain('Y00004000,00000740#')
    expect(monitor.commandLog.at(-1)).toBe('WE000ED0C,05FA0004#')
    expect(progress.map((p) => p.fraction)).toEqual(
      [...progress.map((p) => p.fraction)].sort((a, b) => a - b),
    )
    expect(progress.at(-1)?.fraction).toBe(1)
  })

  it('flashes a Nano 33 BLE through its identify, bootloader-relative addresses and K reset', async () => {
    const bus = new FakeSerialBus()
    const monitor = new FakeSambaMonitor({
      version: 'Arduino Bootloader (SAM-BA extended) 2.0 [Arduino:IKXYZ]',
      chipName: 'nRF52840-QIAA',
      flashBase: 0,
      flashBytes: 960 * 1024,
      eraseRowBytes: 4096,
      separateBufferBytes: 8192,
    })
    bus.plug(
      NANO33_APP,
      resettingApp(bus, NANO33_APP.path, () => bus.plug(NANO33_BOOT, monitor)),
    )
    const flasher = new SambaFlasher({ opener: bus.opener, listPorts: bus.list, bootloaderWaitMs: 2000 })
    const img = image(9000, 0x10000, 3)
    const result = await flasher.flash(img, { port: NANO33_APP.path, boardId: 'nano33ble-sense' }, {})
    expect(monitor.flash.subarray(0, img.bytes.length)).toEqual(img.bytes)
    expect(result.deviceIdentity).toContain('nRF52840-QIAA')
    expect(monitor.commandLog).toContain('I#')
    expect(monitor.commandLog).toContain('X00000000#')
    expect(monitor.commandLog.at(-1)).toBe('K#')
  })

  it('skips the touch when the port already is the bootloader', async () => {
    const bus = new FakeSerialBus()
    const monitor = new FakeSambaMonitor(XIAO_MONITOR)
    bus.plug(XIAO_BOOT, monitor)
    const flasher = new SambaFlasher({ opener: bus.opener, listPorts: bus.list })
    await flasher.flash(image(100, 0x2000), { port: XIAO_BOOT.path, boardId: 'xiao-samd21' }, {})
    expect(bus.openLog.map((o) => o.baudRate)).toEqual([921600])
  })

  it('refuses a bootloader that reports another chip', async () => {
    const { flasher } = setUpXiao({ registers: { 0xe000ed00: 0x410cc601, 0x41002018: 0x1001000a } })
    const code = await codeOf(
      flasher.flash(image(100, 0x2000), { port: XIAO_APP.path, boardId: 'xiao-samd21' }, {}),
    )
    expect(code).toBe(FlashErrorCode.WrongMcu)
  })

  it('fails verification when a flash cell does not take the data', async () => {
    const { flasher } = setUpXiao({ stuckAddress: 0x2000 + 5000 })
    const img = image(8000, 0x2000)
    img.bytes[5000] = 0x5a
    expect(await codeOf(flasher.flash(img, { port: XIAO_APP.path, boardId: 'xiao-samd21' }, {}))).toBe(
      FlashErrorCode.VerifyFailed,
    )
  })

  it('refuses an image that would overwrite the bootloader', async () => {
    const { flasher } = setUpXiao()
    expect(
      await codeOf(flasher.flash(image(100, 0), { port: XIAO_APP.path, boardId: 'xiao-samd21' }, {})),
    ).toBe(FlashErrorCode.ImageOutOfRange)
  })

  it('refuses a bootloader without the Arduino X/Y extensions', async () => {
    const { flasher } = setUpXiao({ version: 'v1.1 Nov 28 2014 10:14:48' })
    expect(
      await codeOf(flasher.flash(image(100, 0x2000), { port: XIAO_APP.path, boardId: 'xiao-samd21' }, {})),
    ).toBe(FlashErrorCode.BoardNotSupported)
  })

  it('gives up with a clear error when no bootloader port appears', async () => {
    const bus = new FakeSerialBus()
    bus.plug(XIAO_APP, { receive: () => undefined })
    const flasher = new SambaFlasher({ opener: bus.opener, listPorts: bus.list, bootloaderWaitMs: 300 })
    const started = Date.now()
    expect(
      await codeOf(flasher.flash(image(100, 0x2000), { port: XIAO_APP.path, boardId: 'xiao-samd21' }, {})),
    ).toBe(FlashErrorCode.BootloaderNotFound)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('reports an unplug mid-flash, and the next attempt succeeds', async () => {
    const { bus, monitor, flasher } = setUpXiao()
    const img = image(20_000, 0x2000)
    const onProgress = (p: FlashProgress) => {
      if (p.phrase === 'Writing block 2 of 5') bus.unplug(XIAO_BOOT.path)
    }
    const code = await codeOf(
      flasher.flash(img, { port: XIAO_APP.path, boardId: 'xiao-samd21' }, { onProgress }),
    )
    expect(code).toBe(FlashErrorCode.PortGone)

    bus.plug(XIAO_BOOT, monitor)
    const result = await flasher.flash(img, { port: XIAO_BOOT.path, boardId: 'xiao-samd21' }, {})
    expect(result.verified).toBe(true)
    expect(monitor.flash.subarray(0x2000, 0x2000 + img.bytes.length)).toEqual(img.bytes)
  })

  it('stops between blocks when cancelled', async () => {
    const { flasher } = setUpXiao()
    const cancellation = { aborted: false }
    const onProgress = (p: FlashProgress) => {
      if (p.phrase.startsWith('Writing block 1')) cancellation.aborted = true
    }
    const code = await codeOf(
      flasher.flash(
        image(20_000, 0x2000),
        { port: XIAO_APP.path, boardId: 'xiao-samd21' },
        { onProgress, cancellation },
      ),
    )
    expect(code).toBe(JobsErrorCode.Cancelled)
  })

  it('computes the CRC16/XMODEM of the check string as 0x31C3', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x31c3)
  })
})
