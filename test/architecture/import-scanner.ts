import { builtinModules } from 'node:module'
import { readFile, readdir } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'

/** The import specifiers of a source file: static, side-effect, re-export, dynamic and require forms. */
export function importSpecifiers(source: string): string[] {
  const code = stripComments(source)
  const found: string[] = []
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[\w*{}\s,$]*?\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ]
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]!)
  return found
}

export function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1')
}

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])
export function isNodeBuiltin(specifier: string): boolean {
  return NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0]!)
}

/** The top-level layer (`core`, `main`, …) a relative import from `file` lands in, or undefined. */
export function layerOf(srcRoot: string, file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  const target = relative(srcRoot, resolve(dirname(file), specifier))
  if (target.startsWith('..')) return 'outside-src'
  return target.split(/[\\/]/)[0]
}

export async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)))
    else if (/\.(ts|vue|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full)
  }
  return out
}

export interface Violation {
  readonly file: string
  readonly rule: string
}

/** Checks one file against DESIGN.md §1's dependency rules; the path is relative to the repo's src/. */
export function checkFile(srcRoot: string, file: string, source: string): Violation[] {
  const rel = relative(srcRoot, file).split(/[\\/]/).join('/')
  const layer = rel.split('/')[0]
  const violations: Violation[] = []
  const add = (rule: string) => violations.push({ file: rel, rule })
  const electronAllowed = rel === 'main/index.ts' || rel.startsWith('main/ipc/') || rel.startsWith('preload/')
  for (const spec of importSpecifiers(source)) {
    if ((spec === 'electron' || spec.startsWith('electron/')) && !electronAllowed)
      add(`imports electron (${spec})`)
    const target = layerOf(srcRoot, file, spec)
    if (layer === 'core') {
      if (isNodeBuiltin(spec)) add(`core imports a Node built-in (${spec})`)
      if (target !== undefined && target !== 'core' && target !== 'shared')
        add(`core imports ${target} (${spec})`)
    }
    if (layer === 'shared') {
      if (isNodeBuiltin(spec)) add(`shared imports a Node built-in (${spec})`)
      if (target !== undefined && target !== 'shared') add(`shared imports ${target} (${spec})`)
    }
    if (layer === 'renderer') {
      if (isNodeBuiltin(spec)) add(`renderer imports a Node built-in (${spec})`)
      if (target === 'main' || target === 'preload' || target === 'cli')
        add(`renderer imports ${target} (${spec})`)
    }
    if (layer === 'preload' && target !== undefined && target !== 'preload' && target !== 'shared') {
      add(`preload imports ${target} (${spec})`)
    }
    if (layer === 'main' && target === 'renderer') add(`main imports renderer (${spec})`)
  }
  return violations
}

export async function checkTree(srcRoot: string): Promise<Violation[]> {
  const all: Violation[] = []
  for (const file of await sourceFiles(srcRoot))
    all.push(...checkFile(srcRoot, file, await readFile(file, 'utf8')))
  return all
}

/** An import from one service folder (`src/main/services/<folder>/`) into another, with the file that makes it. */
export interface FolderEdge {
  readonly from: string
  readonly to: string
  readonly file: string
}

/** Every import that crosses from one service folder into another, by scanning `src/main/services/`. */
export async function serviceFolderEdges(srcRoot: string): Promise<FolderEdge[]> {
  const servicesRoot = join(srcRoot, 'main/services')
  const edges: FolderEdge[] = []
  for (const file of await sourceFiles(servicesRoot)) {
    const from = relative(servicesRoot, file).split(/[\\/]/)[0]!
    for (const spec of importSpecifiers(await readFile(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue
      const target = relative(servicesRoot, resolve(dirname(file), spec))
      const parts = target.split(/[\\/]/)
      if (target.startsWith('..') || parts.length < 2) continue
      if (parts[0] !== from) edges.push({ from, to: parts[0]!, file: relative(srcRoot, file) })
    }
  }
  return edges
}

/**
 * The groups of folders that import each other, directly or round a loop (strongly connected components of
 * the folder graph, Tarjan's algorithm), each with the imports that close it. Empty when the folders form
 * layers, as DESIGN.md's one direction of data asks.
 */
export function folderCycles(edges: readonly FolderEdge[]): { folders: string[]; imports: string[] }[] {
  const next = new Map<string, Set<string>>()
  for (const { from, to } of edges) next.set(from, (next.get(from) ?? new Set()).add(to))
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const groups: string[][] = []
  const visit = (folder: string) => {
    index.set(folder, index.size)
    low.set(folder, index.get(folder)!)
    stack.push(folder)
    for (const to of next.get(folder) ?? []) {
      if (!index.has(to)) {
        visit(to)
        low.set(folder, Math.min(low.get(folder)!, low.get(to)!))
      } else if (stack.includes(to)) low.set(folder, Math.min(low.get(folder)!, index.get(to)!))
    }
    if (low.get(folder) !== index.get(folder)) return
    const group: string[] = []
    for (let top = stack.pop(); top !== undefined; top = top === folder ? undefined : stack.pop())
      group.push(top)
    if (group.length > 1) groups.push(group.sort())
  }
  for (const folder of next.keys()) if (!index.has(folder)) visit(folder)
  return groups.map((folders) => ({
    folders,
    imports: edges
      .filter((e) => folders.includes(e.from) && folders.includes(e.to))
      .map((e) => `${e.file} → ${e.to}/`),
  }))
}
