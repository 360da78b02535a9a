import { join } from 'node:path'
import { parseTuneState, type TuneState } from '../../../core/tune/state'
import { tuneFailure } from '../../../core/tune/errors'
import { atomicWriteJson } from '../system/atomic-write'
import { isNotFound, type FileSystem } from '../system/file-system'

/** The search of a project, relative to its folder (docs/tune.md, docs/project-format.md). */
export const TUNE_FILE = 'tune.json'

/**
 * The stored search: written atomically after every trial (a killed process leaves the last whole state),
 * read back to resume or to show the results.
 */
export class TuneFiles {
  constructor(
    readonly dir: string,
    private readonly fs: FileSystem,
  ) {}

  async read(): Promise<TuneState | undefined> {
    let text: string
    try {
      text = await this.fs.readFile(join(this.dir, TUNE_FILE), 'utf8')
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (error) {
      throw tuneFailure(
        'StateDamaged',
        `${TUNE_FILE} is not valid JSON (${String(error)}). Start a new search (it replaces the file).`,
      )
    }
    return parseTuneState(json)
  }

  async write(state: TuneState): Promise<void> {
    await atomicWriteJson(this.fs, join(this.dir, TUNE_FILE), state)
  }
}
