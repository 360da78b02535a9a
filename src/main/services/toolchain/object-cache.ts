import { dirname, join } from 'node:path'
import type { FileSystem } from '../system/file-system'
import { ensureCached, hashInputs } from './build-cache'

/**
 * Sources that read none of the project's own headers (a runtime's kernels, a DSP library): their objects
 * depend only on the flags, the compiler and the library's own files, so they are compiled once into a
 * content-addressed cache folder and linked from there by every project built with the same flags.
 */
export interface LibrarySources {
  /** Absolute paths of the .c files. */
  readonly sources: readonly string[]
  /** The only include folders these sources see (none of the project's: its headers change per project). */
  readonly includeDirs: readonly string[]
}

const MANIFEST = 'objects.json'

/**
 * What the objects depend on: the compiler (path, size and modification time: an upgrade changes them), every
 * flag, every source's path and contents, and every header beside a source or in an include folder.
 */
export async function libraryKey(
  fs: FileSystem,
  compiler: string,
  flags: readonly string[],
  library: LibrarySources,
): Promise<string> {
  const tool = await fs.stat(compiler).catch(() => undefined)
  const sources = await Promise.all(library.sources.map(async (s) => new Uint8Array(await fs.readFile(s))))
  const dirs = [...new Set([...library.includeDirs, ...library.sources.map((s) => dirname(s))])].sort()
  const headers = await Promise.all(
    dirs.map(async (d) => {
      const names = (await fs.readdir(d)).filter((n) => n.endsWith('.h')).sort()
      return Promise.all(names.map(async (n) => [join(d, n), new Uint8Array(await fs.readFile(join(d, n)))]))
    }),
  )
  return hashInputs([
    compiler,
    `${tool?.size ?? 0}:${tool?.mtimeMs ?? 0}`,
    JSON.stringify(flags),
    ...library.sources,
    ...sources,
    ...headers.flat(2),
  ])
}

/**
 * The library's objects from `<cacheDir>/objects/<key>`, compiling them there first when the folder is not
 * complete (`compile` writes them into the folder it is given and returns their file names, in link order).
 */
export async function cachedLibraryObjects(
  fs: FileSystem,
  cacheDir: string,
  key: string,
  compile: (dir: string) => Promise<readonly string[]>,
): Promise<{ objects: string[]; rebuilt: boolean }> {
  const cached = await ensureCached(fs, cacheDir, 'objects', key, MANIFEST, async (temp) => {
    const names = await compile(temp)
    await fs.writeFile(join(temp, MANIFEST), JSON.stringify(names))
  })
  const names = JSON.parse(await fs.readFile(join(cached.dir, MANIFEST), 'utf8')) as string[]
  return { objects: names.map((n) => join(cached.dir, n)), rebuilt: cached.rebuilt }
}

/**
 * Runs `task` over `items` with at most `limit` at once; results keep the items' order. After a failure no
 * new item starts, the running ones are awaited (no compiler left writing into a folder being removed), and
 * the first failure is thrown.
 */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++
      try {
        results[index] = await task(items[index]!, index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  if (failure) throw failure.error
  return results
}
