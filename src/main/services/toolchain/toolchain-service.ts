import { ToolchainErrorCode } from '../../../shared/api/toolchain'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { MoteFailure } from '../../../shared/errors'
import type { FileSystem } from '../system/file-system'
import type { ProcessRunner } from '../system/process-runner'
import {
  buildFirmware,
  type BuildCallbacks,
  type BuildResult,
  type FirmwareProject,
  type OutputFormatWriter,
} from './firmware-build'
import {
  ensureUartBridge,
  ensureVirtualUnoHarness,
  type NativeBuildDeps,
  type NativeProgram,
} from './native-builds'
import { ensureOptiboot, type OptibootBuild } from './optiboot-build'
import { uf2Writer } from './uf2-writer'
import { locateToolchain, type ToolchainFamily, type ToolchainLocation } from './toolchain-locator'

export interface ToolchainServiceOptions {
  readonly fs: FileSystem
  readonly runner: ProcessRunner
  /** Where compiled harnesses, bootloaders and the bridge are kept (`<user cache>/mote-studio`). */
  readonly cacheDir: string
  /** The `resources/` folder that holds resources/firmware/... */
  readonly resourcesDir: string
  /** Toolchain folders from settings, searched before the PATH (read at each lookup: settings change). */
  readonly extraPaths?: readonly string[] | (() => Promise<readonly string[]>)
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly platform?: NodeJS.Platform
  readonly homeDir?: string
  /** Extra output formats by board family (the RP2040's .uf2 writer). */
  readonly formatWriters?: Partial<Record<ToolchainFamily, readonly OutputFormatWriter[]>>
}

const INSTALL: Record<ToolchainFamily, string> = {
  avr: 'install gcc-avr and avr-libc (Debian/Ubuntu), or the Arduino AVR core in the Arduino IDE',
  arm: 'install gcc-arm-none-eabi and libnewlib-arm-none-eabi (Debian/Ubuntu), or Arm GNU Toolchain',
}

/**
 * Finds the cross compilers, builds firmware projects and the native helpers the virtual boards need.
 * Plain Node: processes, files and the search environment come in through the constructor.
 */
export class ToolchainService {
  private readonly located = new Map<ToolchainFamily, Promise<ToolchainLocation | undefined>>()

  constructor(private readonly options: ToolchainServiceOptions) {}

  /** Where the family's tools are, or undefined; the answer is remembered for this service's life. */
  locate(family: ToolchainFamily): Promise<ToolchainLocation | undefined> {
    let found = this.located.get(family)
    if (!found) {
      found = this.extraPaths().then((extraPaths) =>
        locateToolchain(family, {
          fs: this.options.fs,
          env: this.env(),
          platform: this.platform(),
          homeDir: this.homeDir(),
          extraPaths,
        }),
      )
      this.located.set(family, found)
    }
    return found
  }

  /** Forgets where the toolchains are, so the next lookup searches again (the user changed a setting). */
  forgetLocations(): void {
    this.located.clear()
  }

  private async extraPaths(): Promise<readonly string[]> {
    const paths = this.options.extraPaths
    return typeof paths === 'function' ? paths() : (paths ?? [])
  }

  /** Like `locate`, but a missing toolchain is a `ToolchainNotFound` failure with the install line. */
  async require(family: ToolchainFamily): Promise<ToolchainLocation> {
    const tools = await this.locate(family)
    if (tools) return tools
    this.located.delete(family) // the user may install it and retry
    throw new MoteFailure(
      ToolchainErrorCode.ToolchainNotFound,
      `No ${family === 'avr' ? 'AVR' : 'Arm'} compiler was found; ${INSTALL[family]}, or set its folder in Settings.`,
    )
  }

  /** Builds a firmware project into `outputDir` (see `buildFirmware`); its library objects are cached. */
  async build(
    project: FirmwareProject,
    outputDir: string,
    callbacks: BuildCallbacks = {},
  ): Promise<BuildResult> {
    const tools = await this.require(project.family)
    const writers = [
      ...(this.options.formatWriters?.[project.family] ?? []),
      ...(project.uf2 ? [uf2Writer(this.options.fs, project.uf2.familyId, project.uf2.baseAddress)] : []),
    ]
    return buildFirmware(
      project,
      tools,
      outputDir,
      { fs: this.options.fs, runner: this.options.runner, objectCacheDir: this.options.cacheDir },
      callbacks,
      writers,
    )
  }

  /** The virtual Uno's simavr harness, compiled on first use and whenever its sources change. */
  virtualUnoHarness(): Promise<NativeProgram> {
    return ensureVirtualUnoHarness(this.nativeDeps())
  }

  /** optiboot for the ATmega328P, rebuilt from the Arduino AVR core's source to fit 512 bytes. */
  async optiboot(): Promise<OptibootBuild> {
    return ensureOptiboot(this.nativeDeps(), await this.require('avr'), this.homeDir())
  }

  /** The pty bridge of the virtual Cortex-M boards. */
  uartBridge(): Promise<NativeProgram> {
    return ensureUartBridge(this.nativeDeps())
  }

  private nativeDeps(): NativeBuildDeps {
    const env = this.env()
    return {
      fs: this.options.fs,
      runner: this.options.runner,
      cacheDir: this.options.cacheDir,
      resourcesDir: this.options.resourcesDir,
      searchPath: env.PATH ?? '',
      platform: this.platform(),
    }
  }

  private env(): Readonly<Record<string, string | undefined>> {
    return this.options.env ?? process.env
  }

  private platform(): NodeJS.Platform {
    return this.options.platform ?? process.platform
  }

  private homeDir(): string {
    return this.options.homeDir ?? homedir()
  }
}

/** The default cache folder for native builds, under the user's cache folder. */
export function defaultToolchainCacheDir(userCacheDir: string): string {
  return join(userCacheDir, 'native')
}
