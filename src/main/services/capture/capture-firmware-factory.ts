import { join } from 'node:path'
import { nodeSerialOpener } from '../serial/serial-port'
import { Stk500v1Flasher } from '../flash/stk500v1-flasher'
import type { FileSystem } from '../system/file-system'
import type { ProcessRunner } from '../system/process-runner'
import { ToolchainService } from '../toolchain/toolchain-service'
import { findBoardByPort, processIsAlive } from '../virtual-boards/virtual-board-registry'
import { defaultVirtualRuntimeDir } from '../virtual-boards/virtual-boards-service'
import { stk500ResetResolver } from '../virtual-boards/virtual-reset'
import { captureFirmwareInstaller } from './capture-firmware'
import type { FirmwareInstaller } from './capture-service'

/**
 * The capture firmware installer with the real pieces: the toolchain service (avr-gcc found on the PATH or
 * in the Arduino IDE's folders), the STK500v1 flasher over `serialport`, and the reset that fits the port —
 * the control socket of a running virtual Uno, else a DTR pulse.
 */
export function createCaptureFirmwareInstaller(options: {
  readonly fs: FileSystem
  readonly runner: ProcessRunner
  readonly cacheDir: string
  readonly resourcesDir: string
}): FirmwareInstaller {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
  const toolchain = new ToolchainService({
    fs: options.fs,
    runner: options.runner,
    cacheDir: join(options.cacheDir, 'native'),
    resourcesDir: options.resourcesDir,
  })
  const findVirtual = (port: string) =>
    findBoardByPort(options.fs, defaultVirtualRuntimeDir(), port, processIsAlive)
  return captureFirmwareInstaller({
    build: (project, out, callbacks) => toolchain.build(project, out, callbacks),
    flasher: new Stk500v1Flasher({
      opener: nodeSerialOpener,
      resetFor: stk500ResetResolver(findVirtual, sleep),
      sleep,
    }),
    fs: options.fs,
    resourcesDir: options.resourcesDir,
    buildDir: join(options.cacheDir, 'capture-firmware'),
  })
}
