import { constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import type { FileSystem } from './file-system'

/**
 * Finds an executable the way a shell would: the first folder of `searchPath` that holds `name` and lets us
 * run it. On Windows the PATHEXT extensions are tried too.
 */
export async function findExecutable(
  fs: FileSystem,
  name: string,
  searchPath: string = process.env.PATH ?? '',
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  const extensions = platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : ['']
  for (const dir of searchPath.split(platform === 'win32' ? ';' : delimiter)) {
    if (dir === '') continue
    for (const ext of extensions) {
      const candidate = join(dir, name + ext)
      try {
        await fs.access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK)
        const stat = await fs.stat(candidate)
        if (stat.isFile()) return candidate
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined
}
