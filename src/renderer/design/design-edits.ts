import { parseFeatureDesign, type BlockId } from '../../core/dsp'
import { buildPreset, presetIds, type LayerSpec, type PresetId } from '../../core/model'
import { featureShapeOf, type ProjectDesign } from '../../core/train/design'
import type { WindowSpec } from '../../core/dsp/windowing'

/**
 * The Design view's edits as pure functions of the design (each returns a new design). Edits that change
 * the feature shape or the label count rebuild the model from its preset, so a preset model always fits;
 * a hand-edited model (preset '') is left alone, and the analysis says what no longer fits.
 */

export function isPreset(id: string): id is PresetId {
  return (presetIds as string[]).includes(id)
}

/** Rebuilds a preset model for the current features and labels; unchanged when that is impossible. */
export function refit(design: ProjectDesign): ProjectDesign {
  if (!isPreset(design.preset)) return design
  try {
    const shape = featureShapeOf(design)
    return {
      ...design,
      model: buildPreset(design.preset, shape, design.labels.length, { widthMultiplier: design.presetWidth }),
    }
  } catch {
    return design
  }
}

export function setWindow(design: ProjectDesign, patch: Partial<WindowSpec>): ProjectDesign {
  const features = parseFeatureDesign({ ...design.features, window: { ...design.features.window, ...patch } })
  return refit({ ...design, features })
}

export function setBlock(design: ProjectDesign, block: BlockId): ProjectDesign {
  const features = parseFeatureDesign({ window: design.features.window, blocks: [{ block, params: {} }] })
  return refit({ ...design, features })
}

/** Sets one parameter of the (first) block; throws the DSP module's sentence when the value is invalid. */
export function setParam(design: ProjectDesign, key: string, value: unknown): ProjectDesign {
  const [first, ...rest] = design.features.blocks
  if (!first) return design
  const features = parseFeatureDesign({
    window: design.features.window,
    blocks: [{ block: first.block, params: { ...first.params, [key]: value } }, ...rest],
  })
  featureShapeOf({ ...design, features })
  return refit({ ...design, features })
}

export function applyPreset(design: ProjectDesign, preset: PresetId, width: number): ProjectDesign {
  const shape = featureShapeOf(design)
  return {
    ...design,
    preset,
    presetWidth: width,
    model: buildPreset(preset, shape, design.labels.length, { widthMultiplier: width }),
  }
}

/** The number a layer row lets the user edit: units, filters or dropout rate. */
export function editableField(layer: LayerSpec): 'units' | 'filters' | 'rate' | null {
  if (layer.type === 'dense') return 'units'
  if (layer.type === 'conv1d' || layer.type === 'conv2d') return 'filters'
  if (layer.type === 'dropout') return 'rate'
  return null
}

export function setLayerField(
  design: ProjectDesign,
  layerId: string,
  field: string,
  value: number,
): ProjectDesign {
  const layers = design.model.layers.map((l) =>
    l.id === layerId ? ({ ...l, [field]: value } as LayerSpec) : l,
  )
  return { ...design, preset: '', model: { ...design.model, layers } }
}

export function removeLayer(design: ProjectDesign, layerId: string): ProjectDesign {
  return {
    ...design,
    preset: '',
    model: { ...design.model, layers: design.model.layers.filter((l) => l.id !== layerId) },
  }
}

export function setLabels(design: ProjectDesign, labels: readonly string[]): ProjectDesign {
  return refit({ ...design, labels })
}
