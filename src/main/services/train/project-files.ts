import { join } from 'node:path'
import type { SampleMeta } from '../../../core/dataset/sample'
import type { SampleSource } from '../../../core/train/data-pipeline'
import { parseProjectDesign, type ProjectDesign } from '../../../core/train/design'
import { trainFailure } from '../../../core/train/errors'
import { INDEX_PATH, INDEX_VERSION, SAMPLES_DIR, sampleIndexSchema } from '../dataset/sample-store'
import { parseProjectJson, readProjectText } from '../project/project-json'
import { isNotFound, type FileSystem } from '../system/file-system'

/** The design of a project, relative to its folder. */
export const DESIGN_FILE = 'design.json'

/**
 * Read-only access to a project folder for code that runs outside the project service: training jobs in
 * worker threads read the design, the sample index and the values files straight from disk (the files are
 * only replaced atomically, so a read sees a whole old or whole new file).
 */
export class ProjectFiles {
  constructor(
    readonly dir: string,
    private readonly fs: FileSystem,
  ) {}

  async readDesign(): Promise<ProjectDesign | undefined> {
    const text = await this.readText(DESIGN_FILE)
    if (text === undefined) return undefined
    try {
      return parseProjectDesign(JSON.parse(text))
    } catch (error) {
      if (error instanceof SyntaxError)
        throw trainFailure(
          'InvalidDesign',
          `${DESIGN_FILE} is not valid JSON (${error.message}). Fix or delete it; the Design view then starts from a suggestion.`,
        )
      throw error
    }
  }

  async requireDesign(): Promise<ProjectDesign> {
    const design = await this.readDesign()
    if (design === undefined)
      throw trainFailure(
        'InvalidDesign',
        'The project has no design yet. Open the Design view (or `mote train` on a demo project) to create one.',
      )
    return design
  }

  async listSamples(): Promise<readonly SampleMeta[]> {
    // The same reading as the dataset's: a damaged or newer index says so in one sentence.
    const text = await readProjectText(this.fs, this.dir, INDEX_PATH)
    if (text === undefined) return []
    return parseProjectJson(this.dir, INDEX_PATH, text, sampleIndexSchema, INDEX_VERSION).samples
  }

  async readValues(meta: SampleMeta): Promise<Float32Array> {
    const bytes = new Uint8Array(await this.fs.readFile(join(this.dir, SAMPLES_DIR, `${meta.id}.f32`)))
    const expected = meta.length * meta.axes.length * 4
    if (bytes.byteLength !== expected) {
      throw trainFailure(
        'NoData',
        `The values of sample ${meta.id} ("${meta.label}") are damaged: expected ${expected} bytes, found ${bytes.byteLength}. Remove the sample.`,
      )
    }
    const values = new Float32Array(expected / 4)
    new Uint8Array(values.buffer).set(bytes)
    return values
  }

  /** The samples as a training source. */
  async sampleSource(): Promise<SampleSource> {
    const samples = await this.listSamples()
    const byId = new Map(samples.map((s) => [s.id, s]))
    return { samples, load: (id) => this.readValues(byId.get(id)!) }
  }

  private async readText(rel: string): Promise<string | undefined> {
    try {
      return await this.fs.readFile(join(this.dir, rel), 'utf8')
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }
}
