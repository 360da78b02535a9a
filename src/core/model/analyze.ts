import { MoteFailure } from '../../shared/errors'
import { modelFailure } from './errors'
import { inferLayer, shapeSize } from './layer-shapes'
import type { LayerSpec, LayerType, ModelSpec } from './spec'

/** The id by which a layer's `input` names the model input. No layer may use it. */
export const MODEL_INPUT_ID = 'input'

/** How the layers connect: for each layer the index it reads (-1 = model input) and, for add, the other. */
export interface LayerWiring {
  readonly input: number
  readonly other?: number
  /** How many later layers read this layer's output (the last layer's output is the model's). */
  readonly consumers: number
}

export interface LayerReport {
  readonly id: string
  readonly type: LayerType
  readonly inputShape: readonly number[]
  readonly outputShape: readonly number[]
  readonly params: number
  readonly trainableParams: number
  readonly macs: number
  /** Output values × 4 bytes: what this layer's output occupies in float32. */
  readonly outputBytesFloat32: number
}

export interface ModelReport {
  readonly inputShape: readonly number[]
  readonly outputShape: readonly number[]
  readonly layers: readonly LayerReport[]
  readonly wiring: readonly LayerWiring[]
  /** Every weight of the trainable model (Keras's "Total params"), batch-norm statistics included. */
  readonly params: number
  readonly trainableParams: number
  readonly macs: number
}

function resolve(spec: ModelSpec): LayerWiring[] {
  const index = new Map<string, number>([[MODEL_INPUT_ID, -1]])
  const wiring: { input: number; other?: number; consumers: number }[] = []
  spec.layers.forEach((layer, i) => {
    if (layer.id === MODEL_INPUT_ID)
      throw modelFailure(
        'InvalidSpec',
        `Layer ${i + 1} is named "input", which names the model input. Rename it.`,
      )
    if (index.has(layer.id))
      throw modelFailure('InvalidSpec', `Two layers are named "${layer.id}". Give each layer its own id.`)
    const find = (ref: string, role: string): number => {
      const at = index.get(ref)
      if (at === undefined) {
        const later = spec.layers.some((l) => l.id === ref)
        throw modelFailure(
          'InvalidSpec',
          later
            ? `Layer "${layer.id}" reads "${ref}" as its ${role}, which comes after it. A layer can only read earlier layers.`
            : `Layer "${layer.id}" reads "${ref}" as its ${role}, but there is no such layer. Pick an existing layer.`,
        )
      }
      return at
    }
    const input = layer.input === undefined ? i - 1 : find(layer.input, 'input')
    const entry: { input: number; other?: number; consumers: number } = { input, consumers: 0 }
    if (layer.type === 'add') entry.other = find(layer.other, 'second operand')
    wiring.push(entry)
    index.set(layer.id, i)
  })
  for (const w of wiring) {
    if (w.input >= 0) wiring[w.input]!.consumers++
    if (w.other !== undefined && w.other >= 0) wiring[w.other]!.consumers++
  }
  wiring.forEach((w, i) => {
    if (i < wiring.length - 1 && w.consumers === 0) {
      throw modelFailure(
        'InvalidSpec',
        `The output of layer "${spec.layers[i]!.id}" is not used by any later layer. Remove it or connect it.`,
      )
    }
  })
  return wiring
}

/**
 * Shapes, parameters and MACs of every layer and in total (conventions in layer-shapes.ts). Throws a
 * `MoteFailure` (12001 invalid spec, 12002 shape mismatch) naming the layer at fault and the fix.
 */
export function analyzeModel(spec: ModelSpec): ModelReport {
  if (spec.inputShape.length < 1 || spec.inputShape.length > 3 || !spec.inputShape.every(isSize))
    throw modelFailure(
      'InvalidSpec',
      `The model input shape [${spec.inputShape.join(', ')}] is invalid: use 1 to 3 positive sizes.`,
    )
  if (spec.layers.length === 0)
    throw modelFailure('InvalidSpec', 'The model has no layers. Add at least one.')
  const wiring = resolve(spec)
  const outputs: (readonly number[])[] = []
  const shapeOf = (i: number) => (i < 0 ? spec.inputShape : outputs[i]!)
  const layers = spec.layers.map((layer: LayerSpec, i): LayerReport => {
    const w = wiring[i]!
    const inputShape = shapeOf(w.input)
    const info = inferLayer(layer, inputShape, w.other === undefined ? undefined : shapeOf(w.other))
    outputs.push(info.outputShape)
    return {
      id: layer.id,
      type: layer.type,
      inputShape,
      ...info,
      outputBytesFloat32: shapeSize(info.outputShape) * 4,
    }
  })
  const sum = (key: 'params' | 'trainableParams' | 'macs') => layers.reduce((n, l) => n + l[key], 0)
  return {
    inputShape: spec.inputShape,
    outputShape: layers[layers.length - 1]!.outputShape,
    layers,
    wiring,
    params: sum('params'),
    trainableParams: sum('trainableParams'),
    macs: sum('macs'),
  }
}

function isSize(n: number): boolean {
  return Number.isInteger(n) && n >= 1
}

/** For live editing: the report, or the problem as data (the Design view shows it next to the layer). */
export type ModelCheck =
  | { readonly ok: true; readonly report: ModelReport }
  | { readonly ok: false; readonly code: number; readonly message: string; readonly layerId?: string }

export function checkModel(spec: ModelSpec): ModelCheck {
  try {
    return { ok: true, report: analyzeModel(spec) }
  } catch (error) {
    if (!(error instanceof MoteFailure)) throw error
    const layerId = spec.layers.find((l) => error.message.includes(`"${l.id}"`))?.id
    return layerId === undefined
      ? { ok: false, code: error.code, message: error.message }
      : { ok: false, code: error.code, message: error.message, layerId }
  }
}
