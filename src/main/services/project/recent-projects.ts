import { join } from 'node:path'
import { z } from 'zod'
import type { RecentProject } from '../../../shared/api/project'
import { atomicWriteJson } from '../system/atomic-write'
import { cleanStaleTempFiles } from '../system/stale-temp-files'
import { isNotFound, pathExists, type FileSystem } from '../system/file-system'
import { MANIFEST_FILE } from './manifest'

const MAX_RECENT = 12
const entrySchema = z.object({ dir: z.string(), name: z.string(), openedAt: z.string() })
const fileSchema = z.object({ projects: z.array(entrySchema) })

/**
 * The recent-projects list, in the user's config folder. A damaged list is not an error worth a dialog: it is
 * started afresh (the projects themselves are untouched).
 */
export class RecentProjects {
  private readonly path: string
  private cleaned = false

  constructor(
    private readonly fs: FileSystem,
    configDir: string,
  ) {
    this.path = join(configDir, 'recent-projects.json')
  }

  async list(): Promise<RecentProject[]> {
    const entries = await this.read()
    return Promise.all(
      entries.map(async (e) => ({ ...e, exists: await pathExists(this.fs, join(e.dir, MANIFEST_FILE)) })),
    )
  }

  async remember(dir: string, name: string, openedAt: Date): Promise<void> {
    const entries = (await this.read()).filter((e) => e.dir !== dir)
    entries.unshift({ dir, name, openedAt: openedAt.toISOString() })
    await this.fs.mkdir(join(this.path, '..'), { recursive: true })
    // The config folder is written here and by the settings: a killed write of either leaves a temp file.
    if (!this.cleaned) {
      await cleanStaleTempFiles(this.fs, join(this.path, '..'))
      this.cleaned = true
    }
    await atomicWriteJson(this.fs, this.path, { projects: entries.slice(0, MAX_RECENT) })
  }

  private async read(): Promise<z.infer<typeof entrySchema>[]> {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(await this.fs.readFile(this.path, 'utf8')))
      return parsed.success ? parsed.data.projects : []
    } catch (error) {
      if (isNotFound(error) || error instanceof SyntaxError) return []
      throw error
    }
  }
}
