/**
 * The student of knowledge distillation: either a preset (at a width multiplier where the preset takes
 * one) or the teacher's own architecture with every conv's filters and every hidden dense layer's units
 * scaled by `width` (at least one kept; depthwise layers follow their input; the output layer keeps one
 * unit per class).
 */
import { COMPRESS_DEFAULTS } from '../../../shared/api/compress'
import { buildPreset, type LayerSpec, type ModelSpec, type PresetId } from '../../model'
import { compressFailure } from '../errors'

export interface StudentChoice {
  /** A preset for the student; default: the teacher's architecture. */
  readonly preset?: PresetId
  /** Width multiplier in (0, 1]: of the teacher's layers, or of the preset (its `widthMultiplier`). */
  readonly width?: number
}

export function checkWidth(width: number): void {
  if (!(width > 0 && width <= 1))
    throw compressFailure(
      'BadFineTuneOptions',
      `The student width must be above 0 and at most 1 (a share of the teacher's filters), not ${width}.`,
    )
}

export function scaleSpecWidth(spec: ModelSpec, width: number): ModelSpec {
  checkWidth(width)
  const last = spec.layers.length - 1
  const scale = (n: number) => Math.max(1, Math.round(n * width))
  const layers = spec.layers.map((layer, i): LayerSpec => {
    if (i === last) return layer
    if (layer.type === 'dense') return { ...layer, units: scale(layer.units) }
    if (layer.type === 'conv1d' || layer.type === 'conv2d') return { ...layer, filters: scale(layer.filters) }
    return layer
  })
  return { ...spec, layers }
}

export function studentSpec(teacher: ModelSpec, classes: number, choice: StudentChoice): ModelSpec {
  const width = choice.width ?? COMPRESS_DEFAULTS.width
  checkWidth(width)
  if (choice.preset === undefined) return scaleSpecWidth(teacher, width)
  const options =
    choice.preset === 'mobilenet' || choice.preset === 'ds-cnn'
      ? { widthMultiplier: width * (choice.preset === 'mobilenet' ? 0.25 : 1) }
      : undefined
  const spec = buildPreset(choice.preset, teacher.inputShape, classes, options)
  return options ? spec : scaleSpecWidth(spec, width)
}
