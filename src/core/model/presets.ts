import { modelFailure } from './errors'
import type { LayerSpec, ModelSpec } from './spec'

/**
 * Model presets: a starting point per kind of feature, built for an input shape and a class count.
 * - `dense-mlp`: flatten → dense 20 relu → dense 10 relu → dense softmax (Edge Impulse's default classifier
 *   for spectral motion features);
 * - `cnn-1d`: for [time, channels] features (raw motion, MFCC/MFE frames): two conv1d (8, 16 filters,
 *   kernel 3, same) each with max pool 2 and dropout 0.25, flatten, dense softmax;
 * - `cnn-2d`: for [height, width(, channels)] (spectrograms, small images): two conv2d 3×3 (8, 16) with
 *   max pool 2×2, dropout 0.25, flatten, dense softmax;
 * - `ds-cnn`: MLPerf Tiny's keyword-spotting DS-CNN — conv2d 64 (10×4) stride 2, batch norm, relu,
 *   dropout 0.2, four depthwise-separable blocks (depthwise 3×3, BN, relu, pointwise 64, BN, relu), dropout
 *   0.4, global average pool, dense softmax. On [49, 10] features with 12 classes it is the MLPerf model;
 * - `mobilenet`: MobileNet v1 with width multiplier α (MLPerf's visual wake words model at α = 0.25 on
 *   96×96×3): conv 3×3 stride 2 with 32α filters, 13 depthwise-separable blocks, global average pool,
 *   dense softmax; relu6 throughout.
 */
export type PresetId = 'dense-mlp' | 'cnn-1d' | 'cnn-2d' | 'ds-cnn' | 'mobilenet'

export interface PresetOptions {
  /** Width multiplier α: every filter count scales by it (default 1; MobileNet's default is 0.25). */
  readonly widthMultiplier?: number
  /** dense-mlp hidden sizes (default [20, 10]). */
  readonly hidden?: readonly number[]
}

export interface ModelPreset {
  readonly id: PresetId
  /** Which input ranks the preset accepts (without batch). */
  readonly ranks: readonly number[]
  build(inputShape: readonly number[], classes: number, options?: PresetOptions): ModelSpec
}

/** Filter counts scaled by the width multiplier (at least 1). */
const widthOf =
  (options: PresetOptions) =>
  (filters: number): number =>
    Math.max(1, Math.floor(filters * (options.widthMultiplier ?? 1)))

const head = (classes: number): LayerSpec => ({
  id: 'output',
  type: 'dense',
  units: classes,
  activation: 'softmax',
})

function withImage(inputShape: readonly number[]): LayerSpec[] {
  return inputShape.length === 2
    ? [{ id: 'reshape', type: 'reshape', targetShape: [inputShape[0]!, inputShape[1]!, 1] }]
    : []
}

function denseMlp(inputShape: readonly number[], classes: number, options: PresetOptions = {}): ModelSpec {
  const hidden = options.hidden ?? [20, 10]
  const layers: LayerSpec[] = inputShape.length > 1 ? [{ id: 'flatten', type: 'flatten' }] : []
  hidden.forEach((units, i) => layers.push({ id: `dense${i + 1}`, type: 'dense', units, activation: 'relu' }))
  return { inputShape, layers: [...layers, head(classes)] }
}

function cnn1d(inputShape: readonly number[], classes: number, options: PresetOptions = {}): ModelSpec {
  const width = widthOf(options)
  const block = (n: number, filters: number): LayerSpec[] => [
    { id: `conv${n}`, type: 'conv1d', filters, kernelSize: 3, padding: 'same', activation: 'relu' },
    { id: `pool${n}`, type: 'maxPool1d', poolSize: 2, padding: 'same' },
    { id: `dropout${n}`, type: 'dropout', rate: 0.25 },
  ]
  return {
    inputShape,
    layers: [
      ...block(1, width(8)),
      ...block(2, width(16)),
      { id: 'flatten', type: 'flatten' },
      head(classes),
    ],
  }
}

function cnn2d(inputShape: readonly number[], classes: number, options: PresetOptions = {}): ModelSpec {
  const width = widthOf(options)
  const block = (n: number, filters: number): LayerSpec[] => [
    { id: `conv${n}`, type: 'conv2d', filters, kernelSize: [3, 3], padding: 'same', activation: 'relu' },
    { id: `pool${n}`, type: 'maxPool2d', poolSize: [2, 2], padding: 'same' },
  ]
  return {
    inputShape,
    layers: [
      ...withImage(inputShape),
      ...block(1, width(8)),
      ...block(2, width(16)),
      { id: 'dropout', type: 'dropout', rate: 0.25 },
      { id: 'flatten', type: 'flatten' },
      head(classes),
    ],
  }
}

/** conv (linear) → batch norm → activation: the unit that folds into one op for deployment. */
function convBnAct(id: string, conv: LayerSpec, act: 'relu' | 'relu6'): LayerSpec[] {
  return [
    conv,
    { id: `${id}_bn`, type: 'batchNorm' },
    { id: `${id}_${act}`, type: 'activation', activation: act },
  ]
}

function separable(n: number, filters: number, stride: number, act: 'relu' | 'relu6'): LayerSpec[] {
  const s = [stride, stride] as const
  return [
    ...convBnAct(
      `dw${n}`,
      {
        id: `dw${n}`,
        type: 'depthwiseConv2d',
        kernelSize: [3, 3],
        stride: s,
        padding: 'same',
        activation: 'linear',
      },
      act,
    ),
    ...convBnAct(
      `pw${n}`,
      { id: `pw${n}`, type: 'conv2d', filters, kernelSize: [1, 1], padding: 'same', activation: 'linear' },
      act,
    ),
  ]
}

function dsCnn(inputShape: readonly number[], classes: number, options: PresetOptions = {}): ModelSpec {
  const filters = Math.max(1, Math.floor(64 * (options.widthMultiplier ?? 1)))
  const stem: LayerSpec = {
    id: 'conv1',
    type: 'conv2d',
    filters,
    kernelSize: [10, 4],
    stride: [2, 2],
    padding: 'same',
    activation: 'linear',
  }
  const blocks = [1, 2, 3, 4].flatMap((n) => separable(n, filters, 1, 'relu'))
  return {
    inputShape,
    layers: [
      ...withImage(inputShape),
      ...convBnAct('conv1', stem, 'relu'),
      { id: 'dropout1', type: 'dropout', rate: 0.2 },
      ...blocks,
      { id: 'dropout2', type: 'dropout', rate: 0.4 },
      { id: 'pool', type: 'globalAvgPool2d' },
      head(classes),
    ],
  }
}

const MOBILENET_BLOCKS: readonly (readonly [number, number])[] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [1024, 2],
  [1024, 1],
]

function mobileNet(inputShape: readonly number[], classes: number, options: PresetOptions = {}): ModelSpec {
  const alpha = options.widthMultiplier ?? 0.25
  if (!(alpha > 0 && alpha <= 4))
    throw modelFailure(
      'InvalidSpec',
      `The width multiplier ${alpha} is out of range: use a value in (0, 4], e.g. 0.25.`,
    )
  const width = (filters: number) => Math.max(1, Math.floor(filters * alpha))
  const stem: LayerSpec = {
    id: 'conv1',
    type: 'conv2d',
    filters: width(32),
    kernelSize: [3, 3],
    stride: [2, 2],
    padding: 'same',
    activation: 'linear',
  }
  return {
    inputShape,
    layers: [
      ...withImage(inputShape),
      ...convBnAct('conv1', stem, 'relu6'),
      ...MOBILENET_BLOCKS.flatMap(([filters, stride], i) =>
        separable(i + 1, width(filters), stride, 'relu6'),
      ),
      { id: 'pool', type: 'globalAvgPool2d' },
      { id: 'dropout', type: 'dropout', rate: 0.1 },
      head(classes),
    ],
  }
}

export const modelPresets: Readonly<Record<PresetId, ModelPreset>> = {
  'dense-mlp': { id: 'dense-mlp', ranks: [1, 2, 3], build: denseMlp },
  'cnn-1d': { id: 'cnn-1d', ranks: [2], build: cnn1d },
  'cnn-2d': { id: 'cnn-2d', ranks: [2, 3], build: cnn2d },
  'ds-cnn': { id: 'ds-cnn', ranks: [2, 3], build: dsCnn },
  mobilenet: { id: 'mobilenet', ranks: [3], build: mobileNet },
}
export const presetIds = Object.keys(modelPresets) as PresetId[]

/** Builds a preset, failing (12002) with the fix when the features have a rank it cannot take. */
export function buildPreset(
  id: PresetId,
  inputShape: readonly number[],
  classes: number,
  options?: PresetOptions,
): ModelSpec {
  const preset = modelPresets[id]
  if (preset === undefined)
    throw modelFailure(
      'InvalidSpec',
      `There is no model preset "${id}". Choose one of: ${presetIds.join(', ')}.`,
    )
  if (!preset.ranks.includes(inputShape.length)) {
    throw modelFailure(
      'ShapeMismatch',
      `The ${id} preset needs ${preset.ranks.map((r) => `${r}-D`).join(' or ')} features, but these are [${inputShape.join(', ')}]. Pick another preset or another feature block.`,
    )
  }
  if (!Number.isInteger(classes) || classes < 2)
    throw modelFailure(
      'InvalidSpec',
      `A classifier needs at least 2 labels; there are ${classes}. Label more data.`,
    )
  return preset.build(inputShape, classes, options)
}

/** The preset that suits features of this shape: MLP for flat features, 1-D CNN for [time, channels], 2-D CNN for images. */
export function defaultPresetFor(inputShape: readonly number[]): PresetId {
  return inputShape.length === 1 ? 'dense-mlp' : inputShape.length === 2 ? 'cnn-1d' : 'cnn-2d'
}
