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
}

/** Reports every external tool the studio uses: found or missing, with its version or an install line. */
export class DoctorService implements DoctorApi {
  constructor(private readonly options: DoctorOptions) {}

  async check(): Promise<DoctorReport> {
    const platform = this.options.platform ?? process.platform
    const tools = await Promise.all(
      (this.options.tools ?? TOOLS).map((tool) => this.checkTool(tool, platform)),
    )
    return { platform, tools }
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
