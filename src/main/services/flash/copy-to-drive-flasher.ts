import { join } from 'node:path'
import MemoryMap from 'nrf-intel-hex'
import { FlashErrorCode } from '../../../shared/api/flash'
import { MoteFailure, throwIfCancelled } from '../../../shared/errors'
import type { FirmwareImage } from '../firmware/firmware-image'
import type { FileSystem } from '../system/file-system'
import type { FlashOptions, FlashResult, FlashTarget, Flasher } from './flasher'
import type { DriveCandidates } from './uf2-drives'

/**
 * Boards whose USB belongs to a debug probe that shows a drive: copy the firmware file onto it and the probe
 * programs the target (ST-LINK/V2-1 on Nucleo boards takes a .bin; DAPLink on the micro:bit a .hex). A probe
 * reports a failed copy by writing FAIL.TXT on the drive when it comes back. The drive is recognised by its
 * files (data below, from UM1974 §6.2 and the DAPLink documentation): ST-LINK's MBED.HTM and DETAILS.TXT,
 * DAPLink's DETAILS.TXT naming "DAPLink". The port may name the drive's folder; otherwise it is searched.
 * Unverified on real probes (none on the build machines); tested against folders laid out like the drives.
 */
export interface DriveProbe {
  readonly protocol: 'st-link' | 'cmsis-dap'
  readonly format: 'bin' | 'hex'
  /** Which files (and which words in DETAILS.TXT) make a folder this probe's drive. */
  readonly marker: string
  readonly details: RegExp
  readonly name: string
}

export const DRIVE_PROBES: readonly DriveProbe[] = [
  {
    protocol: 'st-link',
    format: 'bin',
    marker: 'MBED.HTM',
    details: /ST-?LINK|Version: V2J/i,
    name: 'ST-LINK',
  },
  { protocol: 'cmsis-dap', format: 'hex', marker: 'DETAILS.TXT', details: /DAPLink/i, name: 'DAPLink' },
]

export interface CopyToDriveDeps {
  readonly fs: FileSystem
  readonly drives: DriveCandidates
  /** How long to wait for FAIL.TXT after the copy (the probe programs, then remounts the drive). */
  readonly settleMs?: number
  readonly sleep: (ms: number) => Promise<void>
}

export class CopyToDriveFlasher implements Flasher {
  readonly protocol: DriveProbe['protocol']

  constructor(
    private readonly probe: DriveProbe,
    private readonly deps: CopyToDriveDeps,
  ) {
    this.protocol = probe.protocol
  }

  async flash(image: FirmwareImage, target: FlashTarget, options: FlashOptions): Promise<FlashResult> {
    const started = Date.now()
    options.onProgress?.({ fraction: 0, phrase: `Looking for the ${this.probe.name} drive` })
    const root = await this.findDrive(target.port)
    throwIfCancelled(options.cancellation, 'Flashing was cancelled.')
    const bytes = this.probe.format === 'bin' ? image.bytes : hexOf(image)
    const name = `mote.${this.probe.format}`
    options.onProgress?.({ fraction: 0.2, phrase: `Copying ${name} (${bytes.length} bytes) to ${root}` })
    await this.deps.fs.writeFile(join(root, name), bytes).catch((error: unknown) => {
      throw new MoteFailure(
        FlashErrorCode.ProbeCopyFailed,
        `Could not copy the firmware to ${root}: check that the ${this.probe.name} drive is mounted and writable.`,
        String(error),
      )
    })
    options.onProgress?.({ fraction: 0.6, phrase: `${this.probe.name} is programming the board` })
    await this.deps.sleep(this.deps.settleMs ?? 3000)
    const fail = await this.deps.fs.readFile(join(root, 'FAIL.TXT'), 'utf8').catch(() => undefined)
    if (fail !== undefined)
      throw new MoteFailure(
        FlashErrorCode.ProbeRefused,
        `The ${this.probe.name} probe refused the firmware: ${fail.trim().slice(0, 200)}`,
      )
    options.onProgress?.({ fraction: 1, phrase: 'Done' })
    return { bytesWritten: image.bytes.length, verified: false, durationMs: Date.now() - started }
  }

  /** `port` when it is this probe's drive, else the only such drive mounted. */
  private async findDrive(port: string): Promise<string> {
    if (port && (await this.isDrive(port))) return port
    const found: string[] = []
    for (const root of await this.deps.drives()) if (await this.isDrive(root)) found.push(root)
    if (found.length === 1) return found[0]!
    throw new MoteFailure(
      FlashErrorCode.ProbeDriveNotFound,
      found.length === 0
        ? `No ${this.probe.name} drive is mounted. Plug the board in (its USB port on the probe side) and wait for the drive to appear.`
        : `Several ${this.probe.name} drives are mounted (${found.join(', ')}): give the one to use as the port.`,
    )
  }

  private async isDrive(root: string): Promise<boolean> {
    const has = (file: string) => this.deps.fs.readFile(join(root, file), 'utf8').catch(() => undefined)
    if ((await has(this.probe.marker)) === undefined) return false
    const details = await has('DETAILS.TXT')
    return details !== undefined && this.probe.details.test(details)
  }
}

/** Intel HEX of the image at its address. */
function hexOf(image: FirmwareImage): Uint8Array {
  const text = new MemoryMap([[image.baseAddress, image.bytes]]).asHexString() + '\n'
  return new TextEncoder().encode(text)
}
