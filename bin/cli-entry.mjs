// Which code `mote` runs: the bundle that `npm run build` writes to out/cli, or the TypeScript sources
// through tsx. The bundle is used only when it exists and no source it was built from changed since the
// build started (out/cli/sources.json lists them, with the build's start time), so an edited checkout never
// runs stale code. Plain JavaScript, because it runs before anything can compile TypeScript.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Written next to the bundle by the CLI build (electron.vite.config.ts). */
export const CLI_MANIFEST = 'out/cli/sources.json'

/**
 * @param {string} root the repository root
 * @returns {{ kind: 'bundle', path: string } | { kind: 'source', reason: string }}
 */
export function chooseCliEntry(root) {
  const manifest = readManifest(root)
  if (manifest === 'missing')
    return { kind: 'source', reason: 'the CLI is not built yet (`npm run build` builds it)' }
  if (manifest === 'damaged')
    return { kind: 'source', reason: `${CLI_MANIFEST} is damaged (\`npm run build\` rebuilds it)` }
  const changed = firstChangedSource(root, manifest)
  if (changed !== undefined)
    return {
      kind: 'source',
      reason: `${changed} changed since the last build (\`npm run build\` rebuilds it)`,
    }
  return { kind: 'bundle', path: join(root, 'out/cli', manifest.entry) }
}

/**
 * @param {string} root
 * @returns {{ entry: string, builtAtMs: number, sources: string[] } | 'missing' | 'damaged'}
 */
function readManifest(root) {
  let text
  try {
    text = readFileSync(join(root, CLI_MANIFEST), 'utf8')
  } catch {
    return 'missing'
  }
  try {
    const manifest = JSON.parse(text)
    const valid =
      typeof manifest.entry === 'string' &&
      Number.isFinite(manifest.builtAtMs) &&
      Array.isArray(manifest.sources) &&
      manifest.sources.every((s) => typeof s === 'string')
    return valid ? manifest : 'damaged'
  } catch {
    return 'damaged'
  }
}

/**
 * The first source (or the bundle's entry) that is missing or newer than the build's start.
 * @param {string} root
 * @param {{ entry: string, builtAtMs: number, sources: string[] }} manifest
 * @returns {string | undefined}
 */
function firstChangedSource(root, manifest) {
  if (statSync(join(root, 'out/cli', manifest.entry), { throwIfNoEntry: false }) === undefined)
    return `out/cli/${manifest.entry}`
  for (const source of manifest.sources) {
    const stat = statSync(join(root, source), { throwIfNoEntry: false })
    if (stat === undefined || stat.mtimeMs > manifest.builtAtMs) return source
  }
  return undefined
}
