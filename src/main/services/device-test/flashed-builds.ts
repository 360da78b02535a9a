import { join } from 'node:path'
import { atomicWriteJson } from '../system/atomic-write'
import type { FileSystem } from '../system/file-system'

/**
 * Which firmware build this studio last flashed onto the board at each port (`<buildDir>/flashed.json`): a
 * deployment of the same build skips flashing. Only a hint — another tool may have flashed the board since —
 * so the test stage checks the board's Identity (its build id) and flashes after all when it differs.
 * A port is forgotten before each flash, so a flash that fails or is cancelled is never taken as done.
 */
export class FlashedBuilds {
  private readonly file: string

  constructor(
    private readonly fs: FileSystem,
    buildDir: string,
  ) {
    this.file = join(buildDir, 'flashed.json')
  }

  /** True when the board `boardId` at `port` was last flashed with `buildId`. */
  async has(port: string, boardId: string, buildId: string): Promise<boolean> {
    const entry = (await this.read())[port]
    return entry?.boardId === boardId && entry.buildId === buildId
  }

  async record(port: string, boardId: string, buildId: string): Promise<void> {
    await this.write({ ...(await this.read()), [port]: { boardId, buildId } })
  }

  async forget(port: string): Promise<void> {
    const { [port]: _gone, ...rest } = await this.read()
    await this.write(rest)
  }

  private async read(): Promise<Record<string, { boardId?: string; buildId?: string } | undefined>> {
    try {
      const parsed: unknown = JSON.parse(await this.fs.readFile(this.file, 'utf8'))
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, never>) : {}
    } catch {
      return {} // none yet, or damaged: every port is flashed
    }
  }

  private async write(entries: object): Promise<void> {
    await this.fs.mkdir(join(this.file, '..'), { recursive: true })
    await atomicWriteJson(this.fs, this.file, entries)
  }
}
