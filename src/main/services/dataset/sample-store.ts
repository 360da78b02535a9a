import { ProjectErrorCode } from '../../../shared/api/project'
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { SampleMeta, Sample } from '../../../core/dataset/sample'
import { sampleMetaSchema } from '../../../shared/api/dataset'
import { MoteFailure, RpcErrorCode } from '../../../shared/errors'
import type { ProjectStore } from '../project/project-store'

export const INDEX_PATH = 'data/index.json'
export const SAMPLES_DIR = 'data/samples'

/** The index entries' schema lives in the dataset contract, beside the limits the importers check. */
export { sampleMetaSchema }

/** The index format this build reads; a newer one is refused as "saved by a newer Mote Studio", never rewritten. */
export const INDEX_VERSION = { key: 'version', supported: 1 } as const
export const sampleIndexSchema = z.object({ version: z.literal(1), samples: z.array(sampleMetaSchema) })

/** New sample ids: time-ordered, random suffix, safe as file names on every platform. */
export function newSampleId(now = Date.now()): string {
  return `s-${now.toString(36)}-${randomBytes(5).toString('hex')}`
}

/**
 * The samples of one project on disk: `data/index.json` lists every sample's metadata (so the dataset
 * view lists thousands without opening them), `data/samples/<id>.f32` holds the values as little-endian
 * float32. The values file is written before the index names it, so a crash can leave an orphan values
 * file (harmless, cleaned by `orphans()`), never an index entry without values.
 */
export class SampleStore {
  private cache: SampleMeta[] | undefined

  constructor(private readonly project: ProjectStore) {}

  async list(): Promise<readonly SampleMeta[]> {
    if (this.cache === undefined) {
      const index = await this.project.readJson(INDEX_PATH, sampleIndexSchema, INDEX_VERSION)
      this.cache = index?.samples ?? []
    }
    return this.cache
  }

  async read(id: string): Promise<Sample> {
    const meta = (await this.list()).find((m) => m.id === id)
    if (meta === undefined)
      throw new MoteFailure(RpcErrorCode.Internal, `There is no sample ${id} in this project.`)
    const bytes = await this.project.readBytes(valuesPath(id))
    const expected = meta.length * meta.axes.length * 4
    if (bytes === undefined || bytes.byteLength !== expected) {
      throw new MoteFailure(
        ProjectErrorCode.Corrupt,
        `The values of sample ${id} (${meta.label}) are missing or damaged: expected ${expected} bytes, found ${bytes?.byteLength ?? 0}.`,
      )
    }
    return { meta, values: asFloat32(bytes) }
  }

  /**
   * Stores new samples: every one is checked before any values file is written, then the values files, then
   * one index write for all of them. If a write fails, the values files written so far are removed.
   */
  async add(samples: readonly Sample[]): Promise<readonly SampleMeta[]> {
    samples.forEach(checkStored)
    const written: string[] = []
    try {
      for (const s of samples) {
        await this.writeValues(s)
        written.push(s.meta.id)
      }
      await this.addToIndex(samples.map((s) => s.meta))
    } catch (error) {
      await this.purge(written).catch(() => undefined)
      throw error
    }
    return samples.map((s) => s.meta)
  }

  /**
   * The first half of adding a sample one at a time (an import streams them): its values file. The index
   * does not name it until `addToIndex`; until then it is an orphan that `purge` removes.
   */
  async writeValues(sample: Sample): Promise<void> {
    checkStored(sample)
    await this.project.writeBytes(valuesPath(sample.meta.id), toBytes(sample.values))
  }

  /** The second half: one index write naming samples whose values files are written. */
  async addToIndex(metas: readonly SampleMeta[]): Promise<void> {
    await this.writeIndex([...(await this.list()), ...metas])
  }

  /** Changes metadata (label, category, …) of some samples in one index write. */
  async update(ids: readonly string[], change: (meta: SampleMeta) => SampleMeta): Promise<void> {
    const wanted = new Set(ids)
    await this.writeIndex(
      (await this.list()).map((m) => (wanted.has(m.id) ? sampleMetaSchema.parse(change(m)) : m)),
    )
  }

  /** Replaces a sample's values and metadata together (crop): the values file first, then the index. */
  async replace(sample: Sample): Promise<void> {
    await this.project.writeBytes(valuesPath(sample.meta.id), toBytes(sample.values))
    await this.writeIndex((await this.list()).map((m) => (m.id === sample.meta.id ? sample.meta : m)))
  }

  /** Removes samples from the index; their values files stay until `purge` so that a delete can be undone. */
  async remove(ids: readonly string[]): Promise<readonly SampleMeta[]> {
    const wanted = new Set(ids)
    const all = await this.list()
    await this.writeIndex(all.filter((m) => !wanted.has(m.id)))
    return all.filter((m) => wanted.has(m.id))
  }

  /** Puts removed samples back (their values files are still there). */
  async restore(metas: readonly SampleMeta[]): Promise<void> {
    const present = new Set((await this.list()).map((m) => m.id))
    await this.writeIndex([...(await this.list()), ...metas.filter((m) => !present.has(m.id))])
  }

  /**
   * Values files no index entry names: left by a crash or by deletes; `purge` removes them. None while the
   * index is missing (its values are all the user has left) or while data/samples is not a real folder of the
   * project (a link: what lies behind it is not the project's to delete).
   */
  async orphans(): Promise<string[]> {
    const named = new Set((await this.list()).map((m) => m.id))
    if (!(await this.project.exists(INDEX_PATH)) || !(await this.project.owns(SAMPLES_DIR))) return []
    return (await this.project.list(SAMPLES_DIR))
      .filter((f) => f.endsWith('.f32') && !named.has(f.slice(0, -4)))
      .map((f) => f.slice(0, -4))
  }

  async purge(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.project.remove(valuesPath(id))
  }

  private async writeIndex(samples: SampleMeta[]): Promise<void> {
    await this.project.writeJson(INDEX_PATH, { version: 1, samples })
    this.cache = samples
  }
}

/** A sample about to be stored: its metadata as the index keeps it, its values as many as its shape says. */
function checkStored(sample: Sample): void {
  sampleMetaSchema.parse(sample.meta)
  if (sample.values.length !== sample.meta.length * sample.meta.axes.length) {
    throw new MoteFailure(
      RpcErrorCode.Internal,
      `Sample ${sample.meta.id} has ${sample.values.length} values, not length × axes.`,
    )
  }
}

function valuesPath(id: string): string {
  return `${SAMPLES_DIR}/${id}.f32`
}

/** Little-endian float32 bytes as values: the same memory when aligned (a file's own buffer), else a copy. */
function asFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.byteOffset % 4 === 0)
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
  const values = new Float32Array(bytes.byteLength / 4)
  new Uint8Array(values.buffer).set(bytes)
  return values
}

/** Float32 values as little-endian bytes (every platform we ship on is little-endian; checked here). */
function toBytes(values: Float32Array): Uint8Array {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
    throw new Error('big-endian hosts are not supported')
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength)
}
