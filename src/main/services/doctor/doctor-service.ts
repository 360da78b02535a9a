import type { DoctorReport, DoctorService as DoctorApi, ToolReport } from '../../../shared/api/doctor'
import { pathExists, type FileSystem } from '../system/file-system'
import type { ProcessRunner } from '../system/process-runner'
import { findExecutable } from '../system/which'
import { TOOLS, type ToolSpec } from './tool-catalog'

export interface DoctorOptions {
  readonly fs: FileSystem
  readonly runner: ProcessRunner
  readonly platform?: NodeJS.Platform
  readonly searchPath?: string
  readonly tools?: readonly ToolSpec[]
  /** The toolchain service's search (settings folders, PATH, Arduino IDE packages). */
  readonly toolchains?: ToolchainFinder
}

/** The part of the toolchain service the doctor uses. */
export interface ToolchainFinder {
  locate(
    family: 'avr' | 'arm',
  ): Promise<{ binDir: string; gcc: string; source: 'settings' | 'path' | 'arduino' } | undefined>
}

const TOOLCHAINS = [
  {
    family: 'avr' as const,
    id: 'toolchain-avr',
    name: 'AVR toolchain (avr-gcc, avr-objcopy, avr-size, avr-nm)',
    neededFor: 'building firmware for AVR boards',
    spec: 'avr-gcc',
  },
  {
    family: 'arm' as const,
    id: 'toolchain-arm',
    name: 'Arm toolchain (arm-none-eabi-gcc, -objcopy, -size, -nm)',
    neededFor: 'building firmware for Cortex-M boards',
    spec: 'arm-none-eabi-gcc',
  },
]
const SOURCES = { settings: 'your settings', path: 'PATH', arduino: 'Arduino IDE packages' } as const

/** Reports every external tool the studio uses: found or missing, with its version or an install line. */
export class DoctorService implements DoctorApi {
  constructor(private readonly options: DoctorOptions) {}

  async check(): Promise<DoctorReport> {
    const platform = this.options.platform ?? process.platform
    const tools = await Promise.all(
      (this.options.tools ?? TOOLS).map((tool) => this.checkTool(tool, platform)),
    )
    const toolchains = this.options.toolchains
      ? await this.checkToolchains(this.options.toolchains, platform)
      : []
    return { platform, tools: [...toolchains, ...tools] }
  }

  /** The toolchains as the build will find them, wherever they are (not only on PATH). */
  private async checkToolchains(finder: ToolchainFinder, platform: NodeJS.Platform): Promise<ToolReport[]> {
    return Promise.all(
      TOOLCHAINS.map(async (t) => {
        const base = { id: t.id, name: t.name, neededFor: t.neededFor }
        const found = await finder.locate(t.family)
        if (found === undefined) {
          const spec = (this.options.tools ?? TOOLS).find((tool) => tool.id === t.spec)
          return { ...base, found: false, ...(spec ? { installHint: installHint(spec, platform) } : {}) }
        }
        const version = await this.readVersion(found.gcc, ['--version'])
        return {
          ...base,
          found: true,
          path: found.binDir,
          source: SOURCES[found.source],
          ...(version === undefined ? {} : { version }),
        }
      }),
    )
  }

  private async checkTool(tool: ToolSpec, platform: NodeJS.Platform): Promise<ToolReport> {
    const base = { id: tool.id, name: tool.name, neededFor: tool.neededFor }
    const missing = { ...base, found: false, installHint: installHint(tool, platform) }
    if (tool.files !== undefined) {
      for (const file of tool.files) {
        if (await pathExists(this.options.fs, file)) return { ...base, found: true, path: file }
      }
      return missing
    }
    for (const command of tool.commands) {
      const path = await findExecutable(this.options.fs, command, this.options.searchPath, platform)
      if (path === undefined) continue
      const version = await this.readVersion(path, tool.versionArgs)
      return version === undefined ? { ...base, found: true, path } : { ...base, found: true, path, version }
    }
    return missing
  }

  private async readVersion(path: string, args: readonly string[]): Promise<string | undefined> {
    try {
      const result = await this.options.runner.run(path, args, { timeoutMs: 10_000 })
      return firstVersionLine(result.stdout + '\n' + result.stderr)
    } catch {
      return undefined
    }
  }
}

/** The first line that carries a version number, trimmed: tools print banners in different shapes. */
export function firstVersionLine(output: string): string | undefined {
  const line = output.split(/\r?\n/).find((l) => /\d+\.\d+/.test(l))
  return line?.trim().slice(0, 200)
}

export function installHint(tool: ToolSpec, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return tool.macInstall
  if (platform === 'win32') return tool.windowsInstall
  return `sudo apt-get install ${tool.debianPackages.join(' ')}`
}
