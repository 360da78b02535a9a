import { existsSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DevicesChange } from '../../../../src/shared/api/devices'
import { isMoteFailure } from '../../../../src/shared/errors'
import {
  memoryChoiceStore,
  type SerialPortInfo,
  type UsbDeviceInfo,
  type UsbSource,
  type VirtualBoardPort,
} from '../../../../src/main/services/devices/device-sources'
import { DevicesService } from '../../../../src/main/services/devices/devices-service'
import { nodeUsbSource } from '../../../../src/main/services/devices/node-device-sources'

/** A USB bus and a serial-port table that the test plugs things into, with connect/disconnect events. */
class FakeHardware {
  serial: SerialPortInfo[] = []
  usb: UsbDeviceInfo[] = []
  virtual: VirtualBoardPort[] = []
  usbWorks = true
  private listeners = new Set<() => void>()

  readonly usbSource: UsbSource = {
    probe: async () =>
      this.usbWorks
        ? { available: true }
        : { available: false, notice: 'getDevices error: /sys/bus/usb/devices/ not found' },
    list: async () => {
      if (!this.usbWorks) throw new Error('getDevices error: /sys/bus/usb/devices/ not found (errno 2)')
      return [...this.usb]
    },
    watch: (onChange) => {
      this.listeners.add(onChange)
      return { dispose: () => this.listeners.delete(onChange) }
    },
  }

  plugUsb(device: UsbDeviceInfo): void {
    this.usb.push(device)
    for (const l of this.listeners) l()
  }

  unplugUsb(location: string): void {
    this.usb = this.usb.filter((d) => d.location !== location)
    for (const l of this.listeners) l()
  }
}

const UNO_PORT: SerialPortInfo = {
  path: '/dev/ttyACM0',
  manufacturer: 'Arduino (www.arduino.cc)',
  serialNumber: '85036313530351B0C1F1',
  vendorId: '2341',
  productId: '0043',
}
const CH340_PORT: SerialPortInfo = {
  path: '/dev/ttyUSB0',
  manufacturer: '1a86',
  vendorId: '1a86',
  productId: '7523',
}

describe('DevicesService', () => {
  let hw: FakeHardware
  let events: DevicesChange[]
  let service: DevicesService

  beforeEach(() => {
    vi.useFakeTimers()
    hw = new FakeHardware()
    events = []
  })
  afterEach(() => {
    service?.dispose()
    vi.useRealTimers()
  })

  async function startService(choices = memoryChoiceStore()): Promise<void> {
    service = new DevicesService({
      listSerialPorts: async () => [...hw.serial],
      usb: hw.usbSource,
      virtualBoards: () => hw.virtual,
      choices,
      pollIntervalMs: 500,
    })
    service.onDidChange((change) => events.push(change))
    await service.start()
    events.length = 0
  }

  it('reports a serial board plugged in within one poll interval, and its unplugging', async () => {
    await startService()
    hw.serial.push(UNO_PORT)
    await vi.advanceTimersByTimeAsync(500)
    expect(events).toHaveLength(1)
    expect(events[0]?.plugged.map((d) => [d.portPath, d.boardId, d.state])).toEqual([
      ['/dev/ttyACM0', 'uno', 'application'],
    ])

    hw.serial = []
    await vi.advanceTimersByTimeAsync(500)
    expect(events).toHaveLength(2)
    expect(events[1]?.unplugged.map((d) => d.id)).toEqual(['serial:/dev/ttyACM0'])
    expect(events[1]?.devices).toEqual([])
  })

  it('reports a USB-only bootloader as soon as the usb package announces it', async () => {
    await startService()
    hw.plugUsb({
      vid: 0x0483,
      pid: 0xdf11,
      location: '1-4',
      serialNumber: '205F36835246',
      product: 'DFU in FS Mode',
    })
    await vi.advanceTimersByTimeAsync(0)
    const device = events.at(-1)?.plugged[0]
    expect(device).toMatchObject({
      kind: 'usb',
      boardId: 'nucleo-l4r5zi',
      state: 'bootloader',
      virtual: false,
    })

    hw.unplugUsb('1-4')
    await vi.advanceTimersByTimeAsync(0)
    expect(events.at(-1)?.unplugged.map((d) => d.id)).toEqual([device?.id])
  })

  it('shows a board that enumerates as a serial port once, not again as a USB device', async () => {
    hw.serial.push(UNO_PORT)
    hw.usb.push({ vid: 0x2341, pid: 0x0043, location: '1-2', serialNumber: UNO_PORT.serialNumber })
    await startService()
    expect((await service.list()).map((d) => d.id)).toEqual(['serial:/dev/ttyACM0'])
  })

  it('asks which board a CH340 is and remembers the answer', async () => {
    const store = memoryChoiceStore()
    hw.serial.push(CH340_PORT)
    await startService(store)
    const [asked] = await service.list()
    expect(asked?.question).toBe('USB serial (CH340) — which board?')
    expect(asked?.boardId).toBeUndefined()
    expect(asked?.candidates.map((c) => c.boardId)).toEqual(['nano-ch340', 'esp32-devkitc'])
    expect(asked?.rememberKey).toBe('port:/dev/ttyUSB0')

    const after = await service.chooseBoard(asked!.rememberKey!, 'esp32-devkitc')
    expect(after[0]).toMatchObject({ boardId: 'esp32-devkitc', boardName: 'ESP32 DevKitC (ESP32-WROOM-32)' })
    expect(after[0]?.question).toBeUndefined()
    expect(await store.get()).toEqual({ 'port:/dev/ttyUSB0': 'esp32-devkitc' })
    expect(events.at(-1)?.changed.map((d) => d.boardId)).toEqual(['esp32-devkitc'])
  })

  it('applies a remembered choice by serial number to an adapter plugged in later', async () => {
    await startService(memoryChoiceStore({ A50285BI: 'nano' }))
    hw.serial.push({ path: '/dev/ttyUSB3', vendorId: '0403', productId: '6001', serialNumber: 'A50285BI' })
    await vi.advanceTimersByTimeAsync(500)
    expect(events[0]?.plugged[0]).toMatchObject({ boardId: 'nano', rememberKey: 'A50285BI' })
  })

  it('refuses a choice of an unknown or virtual board', async () => {
    await startService()
    await expect(service.chooseBoard('x', 'no-such-board')).rejects.toSatisfy(
      (e) => isMoteFailure(e) && e.code === 5001,
    )
    await expect(service.chooseBoard('x', 'virtual-uno')).rejects.toSatisfy(
      (e) => isMoteFailure(e) && e.code === 5002,
    )
  })

  it('lists virtual boards, marked virtual, and an unavailable one with its reason', async () => {
    hw.virtual = [
      { boardId: 'virtual-m4', portPath: '/tmp/mote-m4.sock', available: true },
      { boardId: 'virtual-uno', available: false, reason: 'libsimavr is not installed' },
    ]
    await startService()
    const list = await service.list()
    expect(list.map((d) => [d.id, d.virtual, d.state, d.note])).toEqual([
      ['virtual:virtual-m4', true, 'application', undefined],
      ['virtual:virtual-uno', true, 'unavailable', 'libsimavr is not installed'],
    ])
  })

  it('shows a device as busy while a flash holds it', async () => {
    hw.serial.push(UNO_PORT)
    await startService()
    const hold = service.markBusy('/dev/ttyACM0')
    await vi.advanceTimersByTimeAsync(0)
    expect((await service.list())[0]?.state).toBe('busy')
    hold.dispose()
    await vi.advanceTimersByTimeAsync(0)
    expect((await service.list())[0]?.state).toBe('application')
  })

  it('falls back to serial ports with a notice when there is no USB bus', async () => {
    hw.usbWorks = false
    hw.serial.push(UNO_PORT)
    await startService()
    const status = await service.status()
    expect(status.usb).toBe('unavailable')
    expect(status.notice).toContain('/sys/bus/usb')
    expect((await service.list()).map((d) => d.boardId)).toEqual(['uno'])
    hw.serial.push(CH340_PORT)
    await vi.advanceTimersByTimeAsync(500)
    expect(events[0]?.plugged.map((d) => d.portPath)).toEqual(['/dev/ttyUSB0'])
  })

  it('keeps listing serial ports when the USB bus disappears after start', async () => {
    hw.serial.push(UNO_PORT)
    await startService()
    hw.usbWorks = false
    await vi.advanceTimersByTimeAsync(2000)
    expect((await service.status()).usb).toBe('unavailable')
    expect((await service.list()).map((d) => d.boardId)).toEqual(['uno'])
  })
})

describe('nodeUsbSource on this machine', () => {
  it('probes the real usb package without throwing, and reports no bus when /sys/bus/usb is absent', async () => {
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    try {
      const probe = await nodeUsbSource().probe()
      if (process.platform === 'linux' && !existsSync('/sys/bus/usb')) {
        expect(probe.available).toBe(false)
        expect(probe.notice).toContain('only serial ports are shown')
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(rejections).toEqual([])
    } finally {
      process.off('unhandledRejection', onRejection)
    }
  })
})

describe('settingsChoiceStore', () => {
  it('reads and writes boardBySerialNumber through the settings service', async () => {
    let stored: Record<string, string> = { A1: 'nano' }
    const { settingsChoiceStore } = await import('../../../../src/main/services/devices/device-sources')
    const store = settingsChoiceStore({
      get: async () => ({ boardBySerialNumber: stored }),
      update: async (patch) => {
        stored = patch.boardBySerialNumber
      },
    })
    expect(await store.get()).toEqual({ A1: 'nano' })
    await store.set({ A1: 'nano', 'port:/dev/ttyUSB0': 'esp32-devkitc' })
    expect(stored).toEqual({ A1: 'nano', 'port:/dev/ttyUSB0': 'esp32-devkitc' })
  })
})
