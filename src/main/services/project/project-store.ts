import { isAbsolute, join, normalize, relative, sep } from 'node:path'
import type { z } from 'zod'
import { atomicWriteFile, type AtomicWriteHooks } from '../system/atomic-write'
import { isNotFound, type FileSystem } from '../system/file-system'
import { MANIFEST_FILE, manifestSchema, type Manifest } from './manifest'
import { projectErrors } from './project-errors'

/**
 * One open project folder. Every write goes through `atomicWriteFile`, one at a time (a write queue), so
 * that two services saving at once cannot interleave, and a crash leaves either the old or the new file.
 * Paths given to it are relative to the project folder and may not leave it.
 */
export class ProjectStore {
  private writeQueue: Promise<unknown> = Promise.resolve()

  constructor(
    readonly dir: string,
    private manifest: Manifest,
    private readonly fs: FileSystem,
    private readonly clock: () => Date = () => new Date(),
    private readonly hooks: AtomicWriteHooks = {},
  ) {}

  get current(): Manifest {
    return this.manifest
  }

  /** Applies `change` to the manifest and saves it; `updatedAt` is stamped here. */
  async updateManifest(change: (m: Manifest) => Manifest): Promise<Manifest> {
    return this.enqueue(async () => {
      const next = manifestSchema.parse({ ...change(this.manifest), updatedAt: this.clock().toISOString() })
      await this.writeRaw(MANIFEST_FILE, JSON.stringify(next, null, 2) + '\n')
      this.manifest = next
      return next
    })
  }

  resolve(relPath: string): string {
    if (isAbsolute(relPath)) throw projectErrors.unsafePath(relPath)
    const full = join(this.dir, normalize(relPath))
    const rel = relative(this.dir, full)
    if (rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) {
      throw projectErrors.unsafePath(relPath)
    }
    return full
  }

  async writeJson(relPath: string, value: unknown): Promise<void> {
    await this.enqueue(() => this.writeRaw(relPath, JSON.stringify(value, null, 2) + '\n'))
  }

  async writeBytes(relPath: string, bytes: Uint8Array | string): Promise<void> {
    await this.enqueue(() => this.writeRaw(relPath, bytes))
  }

  /** Reads and validates a JSON file; `undefined` when it does not exist. */
  async readJson<T>(relPath: string, schema: z.ZodType<T>): Promise<T | undefined> {
    let text: string
    try {
      text = await this.fs.readFile(this.resolve(relPath), 'utf8')
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
    return schema.parse(JSON.parse(text))
  }

  async readBytes(relPath: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await this.fs.readFile(this.resolve(relPath)))
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  async remove(relPath: string): Promise<void> {
    await this.enqueue(() => this.fs.rm(this.resolve(relPath), { force: true, recursive: true }))
  }

  async list(relDir: string): Promise<string[]> {
    try {
      return await this.fs.readdir(this.resolve(relDir))
    } catch (error) {
      if (isNotFound(error)) return []
      throw error
    }
  }

  /** Resolves once every write queued so far is on disk. */
  async flush(): Promise<void> {
    await this.writeQueue.catch(() => undefined)
  }

  private async writeRaw(relPath: string, data: string | Uint8Array): Promise<void> {
    const full = this.resolve(relPath)
    try {
      await this.fs.mkdir(join(full, '..'), { recursive: true })
      await atomicWriteFile(this.fs, full, data, this.hooks)
    } catch (error) {
      throw projectErrors.writeFailed(relPath, error)
    }
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writeQueue.then(work, work)
    this.writeQueue = run.catch(() => undefined)
    return run
  }
}
