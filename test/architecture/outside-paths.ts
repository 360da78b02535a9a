import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import ts from 'typescript'
import { isOutside } from '../setup/read-guard'

/** Every string in a source file: quoted strings and the fixed parts of template strings. */
export function stringLiterals(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false)
  const found: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) found.push(node.text)
    node.forEachChild(visit)
  }
  visit(file)
  return found
}

const looksLikeAbsolutePath = (text: string) => /^(\/[^/\s]+|[A-Za-z]:[\\/][^\\/\s]+)/.test(text)
const looksLikeRelativePath = (text: string) => /^\.\.?([\\/]|$)/.test(text)

export interface OutsidePath {
  readonly file: string
  readonly literal: string
  readonly resolved: string
}

/**
 * The strings of `file` that name a place outside the repository at `root`: a relative path that climbs
 * out of it from the file's folder (`'../../../shared/models'`, an import from beside the clone), or an
 * absolute path that exists on this machine outside the folders a test may read (`'/work/shared/…'`).
 * Paths built at run time (`join(ROOT, '..', 'shared')`) are the read guard's to catch.
 */
export function outsidePaths(
  file: string,
  source: string,
  root: string,
  allowed: readonly string[],
): OutsidePath[] {
  const out: OutsidePath[] = []
  for (const literal of stringLiterals(file, source)) {
    if (looksLikeRelativePath(literal)) {
      const resolved = resolve(dirname(file), literal)
      const rel = relative(root, resolved)
      if (rel.startsWith('..') || isAbsolute(rel)) out.push({ file, literal, resolved })
    } else if (looksLikeAbsolutePath(literal)) {
      const path = literal.split(/\s/)[0]!
      if (existsSync(path) && isOutside(path, allowed)) out.push({ file, literal, resolved: resolve(path) })
    }
  }
  return out
}

export async function outsidePathsIn(
  files: readonly string[],
  root: string,
  allowed: readonly string[],
): Promise<OutsidePath[]> {
  const out: OutsidePath[] = []
  for (const file of files) out.push(...outsidePaths(file, await readFile(file, 'utf8'), root, allowed))
  return out
}
