import { isAbsolute, join, normalize, relative, sep } from 'node:path'
import type { z } from 'zod'
import { MoteFailure } from '../../../shared/errors'
import { atomicWriteFile, type AtomicWriteHooks } from '../system/atomic-write'
import { errnoCode, isNotFound } from '../system/errno'
import { pathExists, type FileSystem } from '../system/file-system'
import { MANIFEST_FILE, manifestSchema, type Manifest } from './manifest'
import { projectErrors } from './project-errors'
import { parseProjectJson, readProjectText, type FileVersion } from './project-json'
import { isOwnFolder, refuseLinks } from './project-links'

/**
 * One open project folder. Every write goes through `atomicWriteFile`, one at a time (a write queue), so
 * that two services saving at once cannot interleave, and a crash leaves either the old or the new file.
 * Paths given to it are relative to the project folder and may not leave it, neither by `..` nor through a
 * link: writes and deletes are refused where a folder on the way (or the file itself) is a link.
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

  /**
   * Reads and validates a JSON file; `undefined` when it does not exist. A file that does not parse or
   * validate, or whose `version` is newer than this build reads, is a `MoteFailure` naming the file.
   */
  async readJson<T>(relPath: string, schema: z.ZodType<T>, version?: FileVersion): Promise<T | undefined> {
    const text = await readProjectText(this.fs, this.dir, this.relative(relPath))
    return text === undefined ? undefined : parseProjectJson(this.dir, relPath, text, schema, version)
  }

  /** The file's bytes, in a buffer of their own (a sample's values file is megabytes: not copied again). */
  async readBytes(relPath: string): Promise<Uint8Array | undefined> {
    try {
      return ownBytes(await this.fs.readFile(this.resolve(relPath)))
    } catch (error) {
      if (isNotFound(error)) return undefined
      if (errnoCode(error) === 'EISDIR' || errnoCode(error) === 'ENOTREG')
        throw projectErrors.damagedFile(this.dir, relPath, 'it is not a regular file')
      if (errnoCode(error) === 'ENOTDIR')
        throw projectErrors.damagedFile(this.dir, relPath, 'a file stands where one of its folders should be')
      throw projectErrors.readFailed(this.dir, relPath, error)
    }
  }

  /** Removes a file or folder of the project; never anything reached through a link. */
  async remove(relPath: string): Promise<void> {
    await this.enqueue(async () => {
      const full = this.resolve(relPath)
      await refuseLinks(this.fs, this.dir, full)
      await this.fs.rm(full, { force: true, recursive: true })
    })
  }

  async list(relDir: string): Promise<string[]> {
    try {
      return await this.fs.readdir(this.resolve(relDir))
    } catch (error) {
      if (isNotFound(error)) return []
      throw error
    }
  }

  async exists(relPath: string): Promise<boolean> {
    return pathExists(this.fs, this.resolve(relPath))
  }

  /** True when `relDir` is a real folder of the project (absent, or reached through a link: false). */
  async owns(relDir: string): Promise<boolean> {
    return isOwnFolder(this.fs, this.dir, this.resolve(relDir))
  }

  /** Resolves once every write queued so far is on disk. */
  async flush(): Promise<void> {
    await this.writeQueue.catch(() => undefined)
  }

  private relative(relPath: string): string {
    return relative(this.dir, this.resolve(relPath))
  }

  private async writeRaw(relPath: string, data: string | Uint8Array): Promise<void> {
    const full = this.resolve(relPath)
    try {
      await refuseLinks(this.fs, this.dir, full)
      await this.fs.mkdir(join(full, '..'), { recursive: true })
      await atomicWriteFile(this.fs, full, data, this.hooks)
    } catch (error) {
      if (error instanceof MoteFailure) throw error
      throw projectErrors.writeFailed(relPath, error)
    }
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writeQueue.then(work, work)
    this.writeQueue = run.catch(() => undefined)
    return run
  }
}

/** Node's buffer as a plain Uint8Array: a view when it owns its memory, a copy of a slice of Node's pool. */
function ownBytes(buffer: Buffer): Uint8Array {
  const whole = buffer.byteOffset === 0 && buffer.buffer.byteLength === buffer.byteLength
  return whole ? new Uint8Array(buffer.buffer, 0, buffer.byteLength) : Uint8Array.prototype.slice.call(buffer)
}
