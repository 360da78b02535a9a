import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, relative, sep, isAbsolute } from 'node:path'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export interface StaticFile {
  readonly body: Buffer
  readonly contentType: string
}

/**
 * Reads a file of the built renderer for a URL path. Paths that leave `root` (`..`, absolute, encoded
 * tricks) resolve to nothing; unknown routes fall back to index.html so that the router's history works.
 */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | undefined> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const wanted = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const full = join(root, normalize(wanted))
  const rel = relative(root, full)
  if (rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) return undefined
  const file = (await isFile(full)) ? full : extname(wanted) === '' ? join(root, 'index.html') : undefined
  if (file === undefined) return undefined
  return {
    body: await readFile(file),
    contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
