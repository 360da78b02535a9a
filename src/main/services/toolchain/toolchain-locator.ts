import { join } from 'node:path'
import type { FileSystem } from '../system/file-system'
import { findExecutable } from '../system/which'

export type ToolchainFamily = 'avr' | 'arm'

/** Where a cross toolchain was found; the four tools always come from the same folder. */
export interface ToolchainLocation {
  readonly family: ToolchainFamily
  readonly binDir: string
  readonly gcc: string
  readonly objcopy: string
  readonly size: string
  readonly nm: string
  /** settings: a folder the user named; path: the PATH; arduino: an Arduino IDE package folder. */
  readonly source: 'settings' | 'path' | 'arduino'
}

export interface LocatorEnvironment {
  readonly fs: FileSystem
  readonly env: Readonly<Record<string, string | undefined>>
  readonly platform: NodeJS.Platform
  readonly homeDir: string
  /** Folders from settings: a toolchain's bin folder or its root (with bin/ inside). Searched first. */
  readonly extraPaths: readonly string[]
}

const PREFIX: Record<ToolchainFamily, string> = { avr: 'avr-', arm: 'arm-none-eabi-' }
/** The Arduino IDE's tool package names (packages/arduino/tools/<name>/<version>/bin). */
const ARDUINO_TOOL: Record<ToolchainFamily, string> = { avr: 'avr-gcc', arm: 'arm-none-eabi-gcc' }

/** The Arduino IDE's data folders (Arduino15) per platform, where Boards Manager unpacks toolchains. */
export function arduinoDataDirs(
  platform: NodeJS.Platform,
  env: LocatorEnvironment['env'],
  homeDir: string,
): string[] {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA ?? join(homeDir, 'AppData', 'Local')
    return [join(local, 'Arduino15')]
  }
  if (platform === 'darwin') return [join(homeDir, 'Library', 'Arduino15')]
  return [join(homeDir, '.arduino15')]
}

/** Orders version folder names newest first: "7.3.0-atmel3.6.1-arduino7" > "5.4.0-atmel3.6.1-arduino2". */
export function compareVersionsDescending(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .split(/[^0-9]+/)
      .filter(Boolean)
      .map(Number)
  const pa = parts(a)
  const pb = parts(b)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pb[i] ?? -1) - (pa[i] ?? -1)
    if (d !== 0) return d
  }
  return b.localeCompare(a)
}

/** Candidate bin folders in search order, with where each came from. */
export async function candidateBinDirs(
  family: ToolchainFamily,
  e: LocatorEnvironment,
): Promise<{ dir: string; source: ToolchainLocation['source'] }[]> {
  const dirs: { dir: string; source: ToolchainLocation['source'] }[] = []
  for (const extra of e.extraPaths)
    dirs.push({ dir: extra, source: 'settings' }, { dir: join(extra, 'bin'), source: 'settings' })
  const pathVar = e.env.PATH ?? e.env.Path ?? ''
  for (const dir of pathVar.split(e.platform === 'win32' ? ';' : ':'))
    if (dir) dirs.push({ dir, source: 'path' })
  for (const data of arduinoDataDirs(e.platform, e.env, e.homeDir)) {
    const toolRoot = join(data, 'packages', 'arduino', 'tools', ARDUINO_TOOL[family])
    const versions = await e.fs.readdir(toolRoot).catch(() => [] as string[])
    for (const version of [...versions].sort(compareVersionsDescending)) {
      dirs.push({ dir: join(toolRoot, version, 'bin'), source: 'arduino' })
    }
  }
  return dirs
}

/**
 * Finds gcc, objcopy, size and nm for a family: settings folders first (the user chose them), then the
 * PATH, then the newest Arduino IDE toolchain. All four must be in one folder, so that a half-installed
 * toolchain is never mixed with another one. Undefined when none is complete.
 */
export async function locateToolchain(
  family: ToolchainFamily,
  e: LocatorEnvironment,
): Promise<ToolchainLocation | undefined> {
  for (const { dir, source } of await candidateBinDirs(family, e)) {
    const searchPath = dir
    const find = (tool: string) => findExecutable(e.fs, PREFIX[family] + tool, searchPath, e.platform)
    const gcc = await find('gcc')
    if (!gcc) continue
    const [objcopy, size, nm] = await Promise.all([find('objcopy'), find('size'), find('nm')])
    if (objcopy && size && nm) return { family, binDir: dir, gcc, objcopy, size, nm, source }
  }
  return undefined
}
