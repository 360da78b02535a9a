import { join } from 'node:path'
import type { FileSystem } from '../system/file-system'
import { parseInfoUf2 } from '../firmware/uf2'

/** A mounted UF2 bootloader drive and what its INFO_UF2.TXT says. */
export interface Uf2Drive {
  readonly root: string
  readonly info: Readonly<Record<string, string>>
}

/** Lists the folders that may be mounted UF2 drives; injected so tests point it at a temp folder. */
export type DriveCandidates = () => Promise<readonly string[]>

/**
 * Where removable drives are mounted: `/media/<user>/*`, `/run/media/<user>/*` and `/mnt/*` plus every
 * vfat/msdos mount in `/proc/mounts` on Linux, `/Volumes/*` on macOS, `D:\`–`Z:\` on Windows.
 */
export function systemDriveCandidates(
  fs: FileSystem,
  platform = process.platform,
  user = currentUser(),
): DriveCandidates {
  return async () => {
    if (platform === 'win32') return 'DEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((letter) => `${letter}:\\`)
    const parents =
      platform === 'darwin' ? ['/Volumes'] : [`/media/${user}`, `/run/media/${user}`, '/media', '/mnt']
    const children = await Promise.all(parents.map((dir) => subfolders(fs, dir)))
    const mounts = platform === 'linux' ? await fatMounts(fs) : []
    return [...new Set([...children.flat(), ...mounts])]
  }
}

/** The mounted drives whose INFO_UF2.TXT names `boardId` (all UF2 drives when `boardId` is undefined). */
export async function findUf2Drives(
  fs: FileSystem,
  candidates: DriveCandidates,
  boardId?: string,
): Promise<Uf2Drive[]> {
  const drives: Uf2Drive[] = []
  for (const root of await candidates()) {
    const info = await readInfo(fs, root)
    if (info === undefined) continue
    if (boardId === undefined || info['Board-ID'] === boardId) drives.push({ root, info })
  }
  return drives
}

export async function readInfo(fs: FileSystem, root: string): Promise<Record<string, string> | undefined> {
  try {
    return parseInfoUf2(await fs.readFile(join(root, 'INFO_UF2.TXT'), 'utf8'))
  } catch {
    return undefined
  }
}

async function subfolders(fs: FileSystem, dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).map((name) => join(dir, name))
  } catch {
    return []
  }
}

async function fatMounts(fs: FileSystem): Promise<string[]> {
  try {
    const text = await fs.readFile('/proc/mounts', 'utf8')
    return text
      .split('\n')
      .map((line) => line.split(' '))
      .filter((fields) => fields[2] === 'vfat' || fields[2] === 'msdos')
      .map((fields) => (fields[1] ?? '').replace(/\\040/g, ' '))
      .filter((path) => path !== '')
  } catch {
    return []
  }
}

function currentUser(): string {
  return process.env.USER ?? process.env.USERNAME ?? ''
}
