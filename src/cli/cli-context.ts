import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The nearest folder at or above `dir` that holds a package.json: the repository (or installed package)
 * root, both from src/cli/ and from the bundle in out/cli/ (whose chunks sit one level deeper).
 */
export function findPackageRoot(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json'))) return at
    if (dirname(at) === at) throw new Error(`No package.json above ${dir}: is Mote Studio installed whole?`)
  }
}

/** The repository (or installed package) root. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)))

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
  return pkg.version
}
