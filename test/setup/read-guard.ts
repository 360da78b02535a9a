/**
 * Watches what a test process reads: every file opened, read, listed or copied through `node:fs` whose
 * path is outside the places a test may use is recorded. A clone of the repository with nothing beside it
 * must pass the tests, so a test that needs a file (a model, a recording) copies it into the repository
 * with its licence instead of reading it from a folder next to the clone (`../shared`) or from an absolute
 * path on one machine.
 *
 * Allowed: the repository, its node_modules (wherever the link points), the temporary folder, and folders
 * every machine has on its own (the system's, the user's dot-folders for caches and settings, devices).
 * Reads are wrapped in place (and ES module bindings resynced), so `import { readFile } from 'node:fs'`
 * is watched too. Only this process is watched, not workers or child processes.
 */
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { homedir, tmpdir } from 'node:os'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export const REPOSITORY_ROOT = resolve(import.meta.dirname, '../..')

/** Top-level folders that belong to the system on Linux and macOS. */
const SYSTEM_FOLDERS = [
  '/usr',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/bin',
  '/sbin',
  '/opt',
  '/proc',
  '/sys',
  '/dev',
  '/run',
  '/var',
  '/snap',
  '/nix',
  '/Library',
  '/System',
  '/Applications',
  '/private',
]

/**
 * Where the packages in `root`/node_modules really are: a worktree or a monorepo may link each package (not
 * the folder) to a shared install, and reading a package is never reading outside the repository.
 */
function linkedPackageFolders(root: string): string[] {
  const modules = join(root, 'node_modules')
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(modules, { withFileTypes: true })
  } catch {
    return []
  }
  const folders = entries
    .filter((entry) => entry.isSymbolicLink())
    .map((entry) => dirname(realOrSelf(join(modules, entry.name))))
  return [...new Set(folders)]
}

function realOrSelf(path: string): string {
  try {
    return fs.realpathSync.native(path)
  } catch {
    return path
  }
}

/** The folders a test may read under, for a repository at `root`. */
export function allowedFolders(root = REPOSITORY_ROOT, env: NodeJS.ProcessEnv = process.env): string[] {
  const home = homedir()
  const userFolders = ['.cache', '.config', '.local', '.npm', '.arduino15', 'Library', 'AppData'].map((d) =>
    join(home, d),
  )
  const fromEnv = [
    env.MOTE_CONFIG_DIR,
    env.MOTE_CACHE_DIR,
    env.XDG_CACHE_HOME,
    env.XDG_CONFIG_HOME,
    env.TMPDIR,
  ]
  const candidates = [
    root,
    realOrSelf(join(root, 'node_modules')),
    ...linkedPackageFolders(root),
    tmpdir(),
    realOrSelf(tmpdir()),
    ...userFolders,
    ...fromEnv.filter((d): d is string => typeof d === 'string' && isAbsolute(d)),
    ...(process.platform === 'win32'
      ? [env.SystemRoot ?? 'C:\\Windows', env.ProgramFiles ?? 'C:\\Program Files']
      : SYSTEM_FOLDERS),
  ]
  return [...new Set(candidates.map((d) => resolve(d)))]
}

function isWithin(folder: string, path: string): boolean {
  const rel = relative(folder, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** True when `path` (absolute, or relative to the working directory) is under none of `allowed`. */
export function isOutside(path: string, allowed: readonly string[]): boolean {
  const absolute = resolve(path)
  return !allowed.some((folder) => isWithin(folder, absolute))
}

type PathLike = fs.PathLike | fs.promises.FileHandle | number

function pathOf(value: PathLike | undefined): string | undefined {
  if (typeof value === 'string') return value
  if (value instanceof URL) return value.protocol === 'file:' ? fileURLToPath(value) : undefined
  if (Buffer.isBuffer(value)) return value.toString()
  return undefined // a file descriptor or handle: its path was checked when it was opened
}

export interface ReadGuard {
  /** The paths read outside the allowed folders since the last `take()`, each once, in order. */
  take(): string[]
  uninstall(): void
}

type Target = Record<string, unknown>
const WATCHED: ReadonlyArray<readonly [Target, readonly string[]]> = [
  [
    fs as unknown as Target,
    [
      'readFileSync',
      'readFile',
      'openSync',
      'open',
      'createReadStream',
      'readdirSync',
      'readdir',
      'opendirSync',
      'opendir',
      'copyFileSync',
      'copyFile',
      'cpSync',
      'cp',
    ],
  ],
  [fs.promises as unknown as Target, ['readFile', 'open', 'readdir', 'opendir', 'copyFile', 'cp']],
]

/** Starts watching reads in this process (see the file's comment). */
export function installReadGuard(allowed: readonly string[] = allowedFolders()): ReadGuard {
  const seen: string[] = []
  const originals: Array<() => void> = []
  for (const [target, names] of WATCHED)
    for (const name of names) {
      const original = target[name] as (...args: unknown[]) => unknown
      const watched = function (this: unknown, ...args: unknown[]) {
        const path = pathOf(args[0] as PathLike | undefined)
        if (path !== undefined && isOutside(path, allowed) && !seen.includes(resolve(path)))
          seen.push(resolve(path))
        return original.apply(this, args)
      }
      const custom = (original as unknown as Record<symbol, unknown>)[promisify.custom]
      if (custom !== undefined) Object.assign(watched, { [promisify.custom]: custom })
      target[name] = watched
      originals.push(() => (target[name] = original))
    }
  syncBuiltinESMExports()
  return {
    take: () => seen.splice(0),
    uninstall() {
      for (const restore of originals) restore()
      syncBuiltinESMExports()
    },
  }
}

export const READ_OUTSIDE_HINT =
  'Tests may read only the repository (and temporary, system and per-user folders): a clone with nothing beside it must pass. ' +
  `Copy what the test needs into the repository, with its licence (see resources/models/mlperf-tiny), and read it from there.`
