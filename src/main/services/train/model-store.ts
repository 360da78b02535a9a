import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import type { ModelGraph } from '../../../core/model/graph'
import { deserializeGraph, serializeGraph } from '../../../core/model/graph-io'
import type { TfModelFiles } from '../../../core/train/tf-files'
import { trainFailure } from '../../../core/train/errors'
import type { TrainMetrics } from '../../../shared/api/train'
import { atomicWriteFile } from '../system/atomic-write'
import { isNotFound, type FileSystem } from '../system/file-system'
import { isOwnFolder, refuseLinks } from '../project/project-links'

export const MODELS_DIR = 'models'
export const CURRENT_FILE = 'current.json'
const STAGING_PREFIX = '.staging-'
/** Models kept besides the current one; older ones are removed after a new one is stored. */
const KEEP_MODELS = 4

/** The files of one stored model, inside `models/<id>/`. */
export const MODEL_FILES = {
  tfModel: 'model.json',
  tfWeights: 'weights.bin',
  graph: 'graph.json',
  graphData: 'graph.bin',
  metrics: 'metrics.json',
  design: 'design.json',
} as const

const currentSchema = z.object({
  id: z.string().regex(/^m-[a-z0-9-]+$/),
  createdAt: z.string(),
  evaluatedAt: z.string().optional(),
})
export type CurrentModel = z.infer<typeof currentSchema>

export interface StoredModel extends CurrentModel {
  readonly metrics: TrainMetrics
}

export interface ModelToStore {
  readonly files: TfModelFiles
  readonly graph: ModelGraph
  readonly metrics: TrainMetrics
  /** The design it was trained on (a snapshot, for the record). */
  readonly design: unknown
}

/**
 * The trained models of a project: `models/<id>/` holds the model in TF.js's format (model.json +
 * weights.bin), the lowered float graph (graph.json + graph.bin), metrics.json and the design snapshot;
 * `models/current.json` names the current one.
 *
 * No half-written model is ever visible: the files are written (each atomically) into
 * `models/.staging-<id>/`, the folder is renamed to `models/<id>/` in one step, and only then does
 * current.json (replaced atomically) name it. A crash leaves at most a staging folder, removed on the next
 * store. One writer at a time: the train service never runs two training jobs on a project.
 *
 * Like the project store (project-links.ts), it never writes or deletes through a link: a `models` folder
 * that is a link is refused, and an old model folder that is a link is left alone when pruning.
 */
export class ModelStore {
  private readonly root: string

  constructor(
    private readonly projectDir: string,
    private readonly fs: FileSystem,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.root = join(projectDir, MODELS_DIR)
  }

  async store(model: ModelToStore): Promise<StoredModel> {
    await refuseLinks(this.fs, this.projectDir, this.root)
    await this.fs.mkdir(this.root, { recursive: true })
    await this.removeStaging()
    const id = `m-${this.now().getTime().toString(36)}-${randomBytes(3).toString('hex')}`
    const staging = join(this.root, `${STAGING_PREFIX}${id}`)
    await this.fs.mkdir(staging)
    const graph = serializeGraph(model.graph)
    const files: [string, string | Uint8Array][] = [
      [MODEL_FILES.tfModel, model.files.modelJson],
      [MODEL_FILES.tfWeights, model.files.weightsBin],
      [MODEL_FILES.graph, graph.json],
      [MODEL_FILES.graphData, graph.bin],
      [MODEL_FILES.metrics, JSON.stringify(model.metrics)],
      [MODEL_FILES.design, JSON.stringify(model.design, null, 2)],
    ]
    for (const [name, data] of files) await atomicWriteFile(this.fs, join(staging, name), data)
    await this.fs.rename(staging, join(this.root, id))
    const current: CurrentModel = { id, createdAt: this.now().toISOString() }
    await atomicWriteFile(this.fs, join(this.root, CURRENT_FILE), JSON.stringify(current, null, 2) + '\n')
    await this.prune(id)
    return { ...current, metrics: model.metrics }
  }

  async current(): Promise<StoredModel | null> {
    const text = await this.readText(CURRENT_FILE)
    if (text === undefined) return null
    const current = currentSchema.parse(JSON.parse(text))
    const metrics = JSON.parse(
      (await this.readText(join(current.id, MODEL_FILES.metrics))) ?? 'null',
    ) as TrainMetrics | null
    if (metrics === null) throw damaged(current.id)
    return { ...current, metrics }
  }

  async requireCurrent(): Promise<StoredModel> {
    const model = await this.current()
    if (model === null)
      throw trainFailure(
        'NoModel',
        'The project has no trained model yet. Train one first (Train view, or `mote train`).',
      )
    return model
  }

  async readTfFiles(id: string): Promise<TfModelFiles> {
    const modelJson = await this.readText(join(id, MODEL_FILES.tfModel))
    const weightsBin = await this.readBytes(join(id, MODEL_FILES.tfWeights))
    if (modelJson === undefined || weightsBin === undefined) throw damaged(id)
    return { modelJson, weightsBin }
  }

  async readGraph(id: string): Promise<ModelGraph> {
    const json = await this.readText(join(id, MODEL_FILES.graph))
    const bin = await this.readBytes(join(id, MODEL_FILES.graphData))
    if (json === undefined || bin === undefined) throw damaged(id)
    return deserializeGraph(json, bin)
  }

  /** Replaces the current model's metrics after a new evaluation (metrics.json, then current.json). */
  async updateMetrics(id: string, metrics: TrainMetrics): Promise<StoredModel> {
    const current = await this.requireCurrent()
    if (current.id !== id)
      throw trainFailure('NoModel', 'The model changed while it was being evaluated. Evaluate again.')
    await refuseLinks(this.fs, this.projectDir, join(this.root, id, MODEL_FILES.metrics))
    await atomicWriteFile(this.fs, join(this.root, id, MODEL_FILES.metrics), JSON.stringify(metrics))
    const next: CurrentModel = { ...current, evaluatedAt: this.now().toISOString() }
    await atomicWriteFile(
      this.fs,
      join(this.root, CURRENT_FILE),
      JSON.stringify({ id: next.id, createdAt: next.createdAt, evaluatedAt: next.evaluatedAt }, null, 2) +
        '\n',
    )
    return { ...next, metrics }
  }

  private async prune(keepId: string): Promise<void> {
    const models = (await this.fs.readdir(this.root)).filter((n) => n.startsWith('m-') && n !== keepId).sort()
    for (const old of models.slice(0, Math.max(0, models.length - KEEP_MODELS))) await this.removeOwn(old)
  }

  private async removeStaging(): Promise<void> {
    for (const name of await this.fs.readdir(this.root))
      if (name.startsWith(STAGING_PREFIX)) await this.removeOwn(name)
  }

  /** Removes a folder of `models/` unless it is a link (what it points to is not ours to delete). */
  private async removeOwn(name: string): Promise<void> {
    const full = join(this.root, name)
    if (await isOwnFolder(this.fs, this.projectDir, full))
      await this.fs.rm(full, { recursive: true, force: true })
  }

  private async readText(rel: string): Promise<string | undefined> {
    try {
      return await this.fs.readFile(join(this.root, rel), 'utf8')
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  private async readBytes(rel: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await this.fs.readFile(join(this.root, rel)))
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }
}

function damaged(id: string) {
  return trainFailure(
    'ModelDamaged',
    `The stored model ${id} is incomplete or damaged. Train the model again.`,
  )
}
