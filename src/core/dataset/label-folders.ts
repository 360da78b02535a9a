import { labelFromPath } from './formats/label-from-path'

/**
 * Folders of numbered files (`wave/wave_001.csv`, `idle/001.csv`) imported with labels from file names give
 * every file a label of its own — a dataset of one sample per label that trains to nothing. Such an import
 * is recognised by three things together: at least two files take their label from their name, those labels
 * differ only by their digits (with the digits taken out, fewer labels remain), and every file sits in a
 * folder, the folders naming fewer labels than the names do. The import then stops with a suggestion
 * (labels from folders) unless the person chose labels from names explicitly.
 */
export function folderLabelHint(namesWithNameLabels: readonly string[]): string | undefined {
  if (namesWithNameLabels.length < 2) return undefined
  const byName = namesWithNameLabels.map((n) => labelFromPath(n, 'name') ?? '')
  const byFolder = namesWithNameLabels.map((n) => labelFromPath(n, 'folder'))
  if (byFolder.some((f) => f === undefined)) return undefined
  const nameLabels = new Set(byName)
  const stems = new Set(byName.map((l) => l.replace(/\d+/g, '').replace(/[-_ .]+$/, '')))
  const folderLabels = new Set(byFolder as string[])
  if (!(stems.size < nameLabels.size && folderLabels.size < nameLabels.size)) return undefined
  return (
    `${namesWithNameLabels.length} files would each get a label of their own from their names ` +
    `(${listed([...nameLabels].sort())}), though they sit in folders that look like labels (${listed([...folderLabels].sort())}). ` +
    'Take the labels from the folders (--label-from folder, or "Label from the folder name" in the import ' +
    'dialog), or choose labels from names explicitly (--label-from name) to keep these.'
  )
}

function listed(items: readonly string[]): string {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')}, …`
}
