import { createRequire } from 'node:module'
import type { Disposable } from '../../../shared/events'
import type { SerialLister, UsbDeviceInfo, UsbProbe, UsbSource } from './device-sources'
import { createHelperShell, type HelperShell } from './helper-shell'

/**
 * The real sources behind the devices service. Both packages are loaded lazily: a platform without the
 * `usb` binary (or a machine without a USB bus) must still list serial ports, and tests never load either.
 */

/**
 * `serialport`'s `SerialPort.list()`; on Linux its own lister with `udevadm` run by a helper shell, so that
 * polling never forks this (large) process (helper-shell.ts).
 */
export const nodeSerialLister: SerialLister = async () => {
  if (process.platform === 'linux') return (await loadLinuxList())((helper ??= createHelperShell()).spawn)
  const { SerialPort } = await import('serialport')
  return SerialPort.list()
}

let helper: HelperShell | undefined

/** serialport's Linux lister takes the function that spawns `udevadm`; ours has the shape it uses. */
export type LinuxList = (spawnCmd: HelperShell['spawn']) => ReturnType<SerialLister>

/** From the bindings serialport itself depends on (their exact version), resolved from serialport's folder. */
export async function loadLinuxList(): Promise<LinuxList> {
  const fromSerialport = createRequire(createRequire(import.meta.url).resolve('serialport'))
  return (fromSerialport('@serialport/bindings-cpp/dist/linux-list.js') as { linuxList: LinuxList }).linuxList
}

/** The part of the `usb` package's WebUSB object this module uses. */
interface WebUsbLike {
  getDevices(): Promise<readonly WebUsbDeviceLike[]>
  addEventListener(type: 'connect' | 'disconnect', listener: () => void): void
  removeEventListener(type: 'connect' | 'disconnect', listener: () => void): void
}

interface WebUsbDeviceLike {
  readonly vendorId: number
  readonly productId: number
  readonly serialNumber?: string | null
  readonly manufacturerName?: string | null
  readonly productName?: string | null
  readonly bus?: string
  readonly address?: number
}

/**
 * USB through the `usb` package (v3, WebUSB API with `allowAllDevices`). `probe` calls `getDevices()` once
 * before anything subscribes to events: on a machine without `/sys/bus/usb` that call rejects, and the
 * package's own event subscription would otherwise surface the same failure as an unhandled rejection.
 */
export function nodeUsbSource(load: () => Promise<WebUsbLike> = loadWebUsb): UsbSource {
  let webusb: WebUsbLike | undefined
  return {
    async probe(): Promise<UsbProbe> {
      try {
        webusb = await load()
        await webusb.getDevices()
        return { available: true }
      } catch (error) {
        webusb = undefined
        const why = error instanceof Error ? error.message : String(error)
        return {
          available: false,
          notice:
            'USB devices cannot be listed on this computer, so only serial ports are shown: boards in UF2, DFU ' +
            `or probe mode without a serial port will not appear (${why}).`,
        }
      }
    },
    async list(): Promise<readonly UsbDeviceInfo[]> {
      if (webusb === undefined) return []
      return (await webusb.getDevices()).map(toInfo)
    },
    watch(onChange: () => void): Disposable {
      const usb = webusb
      if (usb === undefined) return { dispose: () => undefined }
      const listener = () => onChange()
      usb.addEventListener('connect', listener)
      usb.addEventListener('disconnect', listener)
      return {
        dispose: () => {
          usb.removeEventListener('connect', listener)
          usb.removeEventListener('disconnect', listener)
        },
      }
    },
  }
}

async function loadWebUsb(): Promise<WebUsbLike> {
  const { WebUSB } = await import('usb')
  return new WebUSB({ allowAllDevices: true }) as unknown as WebUsbLike
}

function toInfo(device: WebUsbDeviceLike): UsbDeviceInfo {
  const info: {
    vid: number
    pid: number
    location: string
    serialNumber?: string
    manufacturer?: string
    product?: string
  } = {
    vid: device.vendorId,
    pid: device.productId,
    location: `${device.bus ?? '?'}-${device.address ?? '?'}`,
  }
  if (device.serialNumber) info.serialNumber = device.serialNumber
  if (device.manufacturerName) info.manufacturer = device.manufacturerName
  if (device.productName) info.product = device.productName
  return info
}
