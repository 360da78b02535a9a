import { buildPreset, presetIds, type PresetId } from '../model'
import { checkDesign, featureShapeOf, parseProjectDesign, type ProjectDesign } from './design'
import { trainFailure } from './errors'

/** One `path=value` edit of a design (`mote design set training.epochs=60`). */
export interface DesignEdit {
  readonly path: readonly string[]
  readonly value: unknown
}

/** Parts of a design whose edit changes what the model reads or outputs: a preset model follows them. */
const SHAPING = new Set(['input', 'features', 'labels'])

/**
 * Parses `a.b.c=value`: the value as JSON when it is JSON (`60`, `true`, `[1,2]`, `{"block":"mfe"}`), else
 * as the text itself (`backgroundLabel=noise`); `null` removes the field.
 */
export function parseDesignEdit(text: string): DesignEdit {
  const eq = text.indexOf('=')
  const path = eq > 0 ? text.slice(0, eq).split('.') : []
  if (path.length === 0 || path.some((p) => p === ''))
    throw trainFailure(
      'InvalidDesign',
      `"${text}" is not an edit: write path=value, e.g. training.epochs=60 or features.window.strideMs=250.`,
    )
  const raw = text.slice(eq + 1)
  try {
    return { path, value: JSON.parse(raw) as unknown }
  } catch {
    return { path, value: raw }
  }
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target
  for (const key of path.slice(0, -1)) {
    const next = node[key]
    if (typeof next !== 'object' || next === null || Array.isArray(next))
      throw trainFailure(
        'InvalidDesign',
        `The design has no object at "${path.join('.')}" ("${key}" is not one). See \`mote design show --json\` for its fields.`,
      )
    node = next as Record<string, unknown>
  }
  // null removes an optional field (pretrained=null); the schema then fills defaults or says what is missing.
  if (value === null) delete node[path.at(-1)!]
  else node[path.at(-1)!] = value
}

export interface PresetChoice {
  readonly preset?: PresetId
  readonly width?: number
}

/**
 * The design with the edits applied, validated and checked (errors name the field and the fix). A model
 * from a preset is rebuilt for the new feature shape and labels when the edits change them, or when a
 * preset is chosen; a hand-edited model (preset '') is kept as it is.
 */
export function editDesign(
  design: ProjectDesign,
  edits: readonly DesignEdit[],
  choice: PresetChoice = {},
): ProjectDesign {
  if (choice.preset !== undefined && !presetIds.includes(choice.preset))
    throw trainFailure(
      'InvalidDesign',
      `There is no preset "${choice.preset}". Presets: ${presetIds.join(', ')}.`,
    )
  const draft = JSON.parse(JSON.stringify(design)) as Record<string, unknown>
  for (const edit of edits) setAt(draft, edit.path, edit.value)
  const edited = parseProjectDesign(draft)
  const shaped = edits.some((e) => SHAPING.has(e.path[0]!))
  const preset = choice.preset ?? (edited.preset === '' ? undefined : (edited.preset as PresetId))
  const rebuild =
    choice.preset !== undefined || choice.width !== undefined || (shaped && preset !== undefined)
  const width = choice.width ?? edited.presetWidth
  const result =
    rebuild && preset !== undefined && !edited.pretrained
      ? {
          ...edited,
          preset,
          presetWidth: width,
          model: buildPreset(preset, featureShapeOf(edited), edited.labels.length, {
            widthMultiplier: width,
          }),
        }
      : edited
  checkDesign(result)
  return result
}
