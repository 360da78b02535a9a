import type { FlashProtocol, Flasher } from './flasher'
import { DfuFlasher, nodeDfuDevices } from './dfu-flasher'
import { Esp32Flasher } from './esp32-flasher'
import { CopyToDriveFlasher, DRIVE_PROBES } from './copy-to-drive-flasher'
import { QemuFlasher } from './qemu-flasher'
import { SambaFlasher } from './sam-ba-flasher'
import { Stk500v1Flasher } from './stk500v1-flasher'
import { Uf2Flasher } from './uf2-flasher'
import { systemDriveCandidates } from './uf2-drives'
import { realSleep } from './bootloader-port'
import { nodeSerialOpener } from '../serial/serial-port'
import { nodeSerialLister } from '../devices/node-device-sources'
import { stk500ResetResolver } from './stk500v1-reset'
import type { VirtualBoardRecord } from '../virtual-boards/virtual-board-registry'
import type { FileSystem } from '../system/file-system'

export interface FlasherDeps {
  readonly fs: FileSystem
  /** Finds the virtual board (of any process) behind a port, for the virtual Uno's reset and QEMU loads. */
  readonly findVirtual: (port: string) => Promise<VirtualBoardRecord | undefined>
  readonly tempDir: string
  readonly onLog?: (line: string) => void
}

/** One flasher per protocol (DESIGN.md §7.6), built with the real ports, drives and USB devices. */
export function createFlashers(deps: FlasherDeps): ReadonlyMap<FlashProtocol, Flasher> {
  const flashers: Flasher[] = [
    new Stk500v1Flasher({
      opener: nodeSerialOpener,
      resetFor: stk500ResetResolver(deps.findVirtual, realSleep),
      sleep: realSleep,
    }),
    new QemuFlasher({ findVirtual: deps.findVirtual, fs: deps.fs, tempDir: deps.tempDir }),
    new SambaFlasher({ opener: nodeSerialOpener, listPorts: nodeSerialLister, sleep: realSleep }),
    new Uf2Flasher({
      fs: deps.fs,
      drives: systemDriveCandidates(deps.fs),
      opener: nodeSerialOpener,
      sleep: realSleep,
    }),
    new DfuFlasher({ devices: nodeDfuDevices, sleep: realSleep }),
    new Esp32Flasher({ opener: nodeSerialOpener, ...(deps.onLog ? { onLog: deps.onLog } : {}) }),
    ...DRIVE_PROBES.map(
      (probe) =>
        new CopyToDriveFlasher(probe, {
          fs: deps.fs,
          drives: systemDriveCandidates(deps.fs),
          sleep: realSleep,
        }),
    ),
  ]
  return new Map(flashers.map((f) => [f.protocol, f]))
}
