import type { Category } from '../sample'

/**
 * Labels and categories from where a file sits, as Edge Impulse's uploader reads them:
 * - by name: the file name up to its first dot (`idle.01.csv` → `idle`, `wave.s-1.wav` → `wave`);
 * - by folder: the name of the folder that holds the file (`data/idle/01.csv` → `idle`), skipping a
 *   `training`/`testing` folder (`idle/training/01.csv` → `idle`);
 * - category: a `training` or `testing` folder anywhere in the path (also EI's `train`/`test`).
 * Paths use `/` or `\`.
 */
export function labelFromPath(path: string, from: 'name' | 'folder'): string | undefined {
  const parts = path.split(/[\\/]/).filter((p) => p !== '' && p !== '.')
  const file = parts[parts.length - 1] ?? ''
  if (from === 'name') {
    const label = file.includes('.') ? file.slice(0, file.indexOf('.')) : file
    return label.trim() || undefined
  }
  const folders = parts.slice(0, -1).filter((p) => categoryOfFolder(p) === undefined)
  return folders[folders.length - 1]?.trim() || undefined
}

export function categoryFromPath(path: string): Category | undefined {
  const folders = path.split(/[\\/]/).slice(0, -1)
  for (let i = folders.length - 1; i >= 0; i--) {
    const c = categoryOfFolder(folders[i]!)
    if (c) return c
  }
  return undefined
}

function categoryOfFolder(name: string): Category | undefined {
  const lower = name.toLowerCase()
  if (lower === 'training' || lower === 'train') return 'training'
  if (lower === 'testing' || lower === 'test') return 'testing'
  return undefined
}
