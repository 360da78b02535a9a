import { join } from 'node:path'
import type { ClassicalMetrics } from '../../../core/classical/train-design'
import { classicalSources } from '../../../core/classical/train-design'
import type { TrainedClassical } from '../../../core/classical/learner'
import { parseTrainedClassical } from '../../../core/classical/registry'
import { classicalFailure } from '../../../core/classical/errors'
import { atomicWriteFile } from '../system/atomic-write'
import { isNotFound, pathExists, type FileSystem } from '../system/file-system'
import { refuseLinks } from '../project/project-links'

export const CLASSICAL_DIR = 'classical'

/** The files of one stored classical model, in `classical/<kind>/` (plus the generated C, `<kind>_*.c/.h`). */
export const CLASSICAL_FILES = {
  model: 'model.json',
  metrics: 'metrics.json',
  design: 'design.json',
} as const

export interface StoredClassical {
  readonly trained: TrainedClassical<unknown>
  readonly metrics: ClassicalMetrics
}

/**
 * The trained classical models of a project, the latest one per learner kind, side by side so that they can
 * be compared on the same features: `classical/<kind>/` holds model.json (`{ kind, model }`), metrics.json,
 * the design snapshot and the generated C in both numeric modes. A model is written whole into
 * `classical/.staging-<kind>/` (each file atomically) and then renamed into place, the previous one moved
 * aside first and removed after, so a crash never leaves a half-written model listed. Never writes through
 * a link (project-links.ts).
 */
export class ClassicalStore {
  private readonly root: string

  constructor(
    private readonly projectDir: string,
    private readonly fs: FileSystem,
  ) {
    this.root = join(projectDir, CLASSICAL_DIR)
  }

  async store(
    trained: TrainedClassical<unknown>,
    metrics: ClassicalMetrics,
    design: unknown,
  ): Promise<string> {
    await refuseLinks(this.fs, this.projectDir, this.root)
    await this.fs.mkdir(this.root, { recursive: true })
    const kind = trained.kind
    const staging = join(this.root, `.staging-${kind}`)
    const old = join(this.root, `.old-${kind}`)
    await this.fs.rm(staging, { recursive: true, force: true })
    await this.fs.mkdir(staging)
    const files: [string, string][] = [
      ...Object.entries(classicalSources(trained, kind)),
      [CLASSICAL_FILES.design, JSON.stringify(design, null, 2)],
      [CLASSICAL_FILES.model, JSON.stringify(trained)],
      [CLASSICAL_FILES.metrics, JSON.stringify(metrics, null, 2)],
    ]
    for (const [name, data] of files) await atomicWriteFile(this.fs, join(staging, name), data)
    const target = join(this.root, kind)
    await this.fs.rm(old, { recursive: true, force: true })
    if (await pathExists(this.fs, target)) await this.fs.rename(target, old)
    await this.fs.rename(staging, target)
    await this.fs.rm(old, { recursive: true, force: true })
    return `${CLASSICAL_DIR}/${kind}`
  }

  /** Every stored classical model, by kind; a damaged one is reported, never silently skipped. */
  async list(): Promise<StoredClassical[]> {
    let names: string[]
    try {
      names = await this.fs.readdir(this.root)
    } catch (error) {
      if (isNotFound(error)) return []
      throw error
    }
    const out: StoredClassical[] = []
    for (const name of names.filter((n) => !n.startsWith('.')).sort()) out.push(await this.read(name))
    return out
  }

  async read(kind: string): Promise<StoredClassical> {
    const dir = join(this.root, kind)
    try {
      const trained = parseTrainedClassical(
        JSON.parse(await this.fs.readFile(join(dir, CLASSICAL_FILES.model), 'utf8')),
      )
      const metrics = JSON.parse(
        await this.fs.readFile(join(dir, CLASSICAL_FILES.metrics), 'utf8'),
      ) as ClassicalMetrics
      return { trained, metrics }
    } catch (error) {
      if (error instanceof SyntaxError || isNotFound(error))
        throw classicalFailure(
          'ClassicalModelDamaged',
          `The classical model in ${CLASSICAL_DIR}/${kind} is damaged or incomplete: train it again.`,
          String(error),
        )
      throw error
    }
  }
}
