import { join } from 'node:path'
import { z } from 'zod'
import { ProjectErrorCode, type RecentProject } from '../../../shared/api/project'
import { MoteFailure } from '../../../shared/errors'
import { atomicWriteJson } from '../system/atomic-write'
import { errnoCode, fsReason } from '../system/errno'
import { cleanStaleTempFiles } from '../system/stale-temp-files'
import { isNotFound, pathExists, type FileSystem } from '../system/file-system'
import { MANIFEST_FILE } from './manifest'

const MAX_RECENT = 12
const entrySchema = z.object({ dir: z.string(), name: z.string(), openedAt: z.string() })
const fileSchema = z.object({ projects: z.array(entrySchema) })

/**
 * The recent-projects list, in the user's config folder. A damaged list is not an error worth a dialog: it is
 * started afresh (the projects themselves are untouched). A list that is not a file at all (a folder, a pipe)
 * or cannot be read is someone else's: it is left alone, and `list` and `remember` fail with a sentence
 * saying so (the project service does not let that stop a project from opening).
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
    await atomicWriteJson(this.fs, this.path, { projects: entries.slice(0, MAX_RECENT) }).catch(
      (error: unknown) => {
        throw this.unusable(`cannot be written (${fsReason(error)})`)
      },
    )
  }

  private async read(): Promise<z.infer<typeof entrySchema>[]> {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(await this.fs.readFile(this.path, 'utf8')))
      return parsed.success ? parsed.data.projects : []
    } catch (error) {
      if (isNotFound(error) || error instanceof SyntaxError) return []
      throw this.unusable(WRONG_KIND[errnoCode(error) ?? ''] ?? `cannot be read (${fsReason(error)})`)
    }
  }

  private unusable(what: string): MoteFailure {
    return new MoteFailure(
      ProjectErrorCode.ReadFailed,
      `The recent-projects list ${this.path} ${what}, so Mote Studio cannot keep the list of recent projects. ` +
        'Move it away or delete it; a new list is started. Your projects are not affected.',
    )
  }
}

/** Something other than a file where the list should be (the guarded file system refuses to read it). */
const WRONG_KIND: Readonly<Record<string, string>> = {
  EISDIR: 'is a folder, not a file',
  ENOTREG: 'is a pipe, device or socket, not a regular file',
}
