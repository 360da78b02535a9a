import type { FusedActivation, ModelGraph } from './graph'
import { GraphBuilder } from './graph-builder'
import { analyzeModel, type ModelReport } from './analyze'
import { modelFailure } from './errors'
import { shapeSize } from './layer-shapes'
import {
  batchNormAffine,
  convToTflite,
  denseToTflite,
  depthwiseToTflite,
  foldAffine,
  weightOf,
  type LayerWeights,
} from './lower-weights'
import type { LayerActivation, LayerSpec, ModelSpec, Pool1dLayer, Pool2dLayer } from './spec'

/**
 * Lowering: a trained `ModelSpec` (plus its weights in Keras layouts) → a float32 `ModelGraph` in TFLite's
 * layouts, as TensorFlow Lite's converter would produce it:
 * - batch norm is folded into the dense/conv/depthwise layer before it when that layer has a linear
 *   activation and nothing else reads its output; elsewhere on a 4-D tensor it becomes a 1×1 depthwise conv
 *   (per-channel scale and shift); anything else is refused (12003) with the fix;
 * - dropout disappears; relu/relu6 fuse into the op that produces their input when nothing else reads it,
 *   otherwise they stay standalone ops; softmax is its own op;
 * - 1-D layers become 2-D ops on [1, 1, T, C]; global pooling is an average pool over the whole map plus a
 *   reshape to [1, C]; flatten and reshape become RESHAPE ops with an int32 shape constant;
 * - every conv/dense op has a bias tensor (zeros when the layer has none).
 */
export function lowerModel(spec: ModelSpec, weights: LayerWeights, description = 'trained in Mote Studio') {
  return new Lowering(spec, weights).run(description)
}

/**
 * The same graph without weights: constants hold empty arrays. For shapes, op counts, MACs and activation
 * memory only — never run or export it.
 */
export function planModelGraph(spec: ModelSpec): ModelGraph {
  return new Lowering(spec, undefined).run('plan (no weights)')
}

/** Spec shape (no batch) → graph shape: [N] → [1, N], [T, C] → [1, 1, T, C], [H, W, C] → [1, H, W, C]. */
export function graphShapeOf(specShape: readonly number[]): number[] {
  if (specShape.length === 1) return [1, specShape[0]!]
  if (specShape.length === 2) return [1, 1, specShape[0]!, specShape[1]!]
  return [1, ...specShape]
}

interface LayerOut {
  readonly tensor: number
  /** True when only this chain of layers reads the tensor, so its producer may be changed (fold, fuse). */
  readonly exclusive: boolean
}

function fusedOf(activation: LayerActivation | undefined): FusedActivation {
  return activation === 'relu' || activation === 'relu6' ? activation : 'none'
}

class Lowering {
  private readonly g: GraphBuilder
  private readonly outs: LayerOut[] = []
  private readonly report: ModelReport

  constructor(
    private readonly spec: ModelSpec,
    private readonly weights: LayerWeights | undefined,
  ) {
    this.report = analyzeModel(spec)
    this.g = new GraphBuilder(weights !== undefined)
  }

  run(description: string): ModelGraph {
    const input = this.g.activation('input', graphShapeOf(this.spec.inputShape))
    this.spec.layers.forEach((layer, i) => {
      const wiring = this.report.wiring[i]!
      const from = wiring.input < 0 ? { tensor: input, exclusive: true } : this.outs[wiring.input]!
      const out = this.layer(layer, i, from)
      const alone = wiring.consumers <= 1
      this.outs.push({ tensor: out.tensor, exclusive: out.exclusive && alone })
    })
    const output = this.outs[this.outs.length - 1]!.tensor
    if (this.g.ops.length === 0)
      throw modelFailure('NotDeployable', 'The model computes nothing: add a layer with weights.')
    return this.g.graph([input], [output], description)
  }

  private layer(layer: LayerSpec, i: number, from: LayerOut): LayerOut {
    const outShape = graphShapeOf(this.report.layers[i]!.outputShape)
    const fresh = (tensor: number): LayerOut => ({ tensor, exclusive: true })
    switch (layer.type) {
      case 'dense':
        return fresh(this.dense(layer, from.tensor, outShape))
      case 'conv1d':
      case 'conv2d':
      case 'depthwiseConv2d':
        return fresh(this.conv(layer, from.tensor, outShape))
      case 'maxPool1d':
      case 'avgPool1d':
      case 'maxPool2d':
      case 'avgPool2d':
        return fresh(this.pool(layer, from.tensor, outShape))
      case 'globalAvgPool1d':
      case 'globalAvgPool2d':
        return fresh(this.globalPool(layer, from.tensor, outShape))
      case 'add':
        return fresh(this.add(layer, i, from.tensor, outShape))
      case 'batchNorm':
        return this.batchNorm(layer, i, from, outShape)
      case 'dropout':
        return from
      case 'activation':
        return this.activationLayer(layer, layer.activation, from, outShape)
      case 'flatten':
      case 'reshape':
        return sameShape(this.g.tensors[from.tensor]!.shape, outShape)
          ? from
          : fresh(this.g.reshape(layer.id, from.tensor, outShape))
    }
  }

  private dense(layer: Extract<LayerSpec, { type: 'dense' }>, x: number, outShape: number[]): number {
    const n = this.g.tensors[x]!.shape[1]!
    const units = layer.units
    const filter = this.g.constant(`${layer.id}/weights`, [units, n], 'float32', () =>
      denseToTflite(weightOf(this.weights!, layer.id, 'kernel', n * units), n, units),
    )
    const bias = this.bias(layer.id, units, layer.useBias !== false)
    const out = this.g.activation(layer.id, outShape)
    this.g.addOp({
      kind: 'fullyConnected',
      inputs: [x, filter, bias],
      outputs: [out],
      activation: fusedOf(layer.activation),
    })
    this.g.weighted.set(this.g.ops.length - 1, { filter, bias, channelOf: (k) => Math.floor(k / n) })
    return layer.activation === 'softmax' ? this.g.softmax(layer.id, out, outShape) : out
  }

  private conv(
    layer: Extract<LayerSpec, { type: 'conv1d' | 'conv2d' | 'depthwiseConv2d' }>,
    x: number,
    outShape: number[],
  ) {
    const inC = this.g.tensors[x]!.shape[3]!
    const outC = outShape[3]!
    const [kh, kw] = layer.type === 'conv1d' ? [1, layer.kernelSize] : layer.kernelSize
    const [sh, sw] = layer.type === 'conv1d' ? [1, layer.stride ?? 1] : (layer.stride ?? [1, 1])
    const depthwise = layer.type === 'depthwiseConv2d'
    const filterShape = depthwise ? [1, kh, kw, outC] : [outC, kh, kw, inC]
    const filter = this.g.constant(`${layer.id}/filter`, filterShape, 'float32', () => {
      const kernel = weightOf(this.weights!, layer.id, 'kernel', shapeSize(filterShape))
      return depthwise ? depthwiseToTflite(kernel) : convToTflite(kernel, kh, kw, inC, outC)
    })
    const bias = this.bias(layer.id, outC, layer.useBias !== false)
    const out = this.g.activation(layer.id, outShape)
    const geometry = {
      strideH: sh,
      strideW: sw,
      dilationH: 1,
      dilationW: 1,
      padding: layer.padding ?? 'valid',
    } as const
    const activation = fusedOf(layer.activation)
    this.g.addOp(
      depthwise
        ? {
            kind: 'depthwiseConv2d',
            inputs: [x, filter, bias],
            outputs: [out],
            ...geometry,
            depthMultiplier: outC / inC,
            activation,
          }
        : { kind: 'conv2d', inputs: [x, filter, bias], outputs: [out], ...geometry, activation },
    )
    const perFilter = kh * kw * inC
    this.g.weighted.set(this.g.ops.length - 1, {
      filter,
      bias,
      channelOf: depthwise ? (k) => k % outC : (k) => Math.floor(k / perFilter),
    })
    if (layer.activation === 'softmax')
      throw notDeployable(
        layer.id,
        `a ${layer.type} layer cannot end in softmax. Use softmax on a dense layer.`,
      )
    return out
  }

  private pool(layer: Pool1dLayer | Pool2dLayer, x: number, outShape: number[]) {
    const [fh, fw, sh, sw] = poolGeometry(layer)
    const kind = layer.type.startsWith('max') ? 'maxPool2d' : 'averagePool2d'
    const out = this.g.activation(layer.id, outShape)
    this.g.addOp({
      kind,
      inputs: [x],
      outputs: [out],
      filterH: fh,
      filterW: fw,
      strideH: sh,
      strideW: sw,
      padding: layer.padding ?? 'valid',
      activation: 'none',
    })
    return out
  }

  private globalPool(layer: LayerSpec, x: number, outShape: number[]): number {
    const [, h, w, c] = this.g.tensors[x]!.shape as [number, number, number, number]
    const pooled = this.g.activation(`${layer.id}/pool`, [1, 1, 1, c])
    this.g.addOp({
      kind: 'averagePool2d',
      inputs: [x],
      outputs: [pooled],
      filterH: h,
      filterW: w,
      strideH: 1,
      strideW: 1,
      padding: 'valid',
      activation: 'none',
    })
    return this.g.reshape(layer.id, pooled, outShape)
  }

  private add(layer: Extract<LayerSpec, { type: 'add' }>, i: number, x: number, outShape: number[]): number {
    const other = this.report.wiring[i]!.other!
    const y = other < 0 ? 0 : this.outs[other]!.tensor
    const out = this.g.activation(layer.id, outShape)
    this.g.addOp({ kind: 'add', inputs: [x, y], outputs: [out], activation: fusedOf(layer.activation) })
    return out
  }

  private batchNorm(
    layer: Extract<LayerSpec, { type: 'batchNorm' }>,
    i: number,
    from: LayerOut,
    outShape: number[],
  ): LayerOut {
    const channels = outShape[outShape.length - 1]!
    const affine = () => {
      const get = (name: string) => weightOf(this.weights!, layer.id, name, channels)
      return batchNormAffine(
        get('gamma'),
        get('beta'),
        get('movingMean'),
        get('movingVariance'),
        layer.epsilon ?? 1e-3,
      )
    }
    const opIndex = this.g.producer.get(from.tensor)
    const target = opIndex === undefined ? undefined : this.g.weighted.get(opIndex)
    const op = opIndex === undefined ? undefined : this.g.ops[opIndex]
    if (target && op && 'activation' in op && op.activation === 'none' && from.exclusive) {
      if (this.weights) {
        const { scale, shift } = affine()
        foldAffine(this.g.data(target.filter), this.g.data(target.bias), scale, shift, target.channelOf)
      }
      return from
    }
    if (outShape.length !== 4) {
      throw notDeployable(
        layer.id,
        "batch norm folds only into the dense or convolution layer before it, and that layer must have a linear activation and no other reader. Move the batch norm right after such a layer, or set that layer's activation to linear and add the activation after the batch norm.",
      )
    }
    return { tensor: this.standaloneBatchNorm(layer.id, from.tensor, outShape, affine), exclusive: true }
  }

  /** y = scale·x + shift per channel as a 1×1 depthwise convolution (what TFLite's converter emits too). */
  private standaloneBatchNorm(
    id: string,
    x: number,
    outShape: number[],
    affine: () => { scale: Float64Array; shift: Float64Array },
  ) {
    const c = outShape[3]!
    const filter = this.g.constant(`${id}/scale`, [1, 1, 1, c], 'float32', () =>
      Float32Array.from(affine().scale),
    )
    const bias = this.g.constant(`${id}/shift`, [c], 'float32', () => Float32Array.from(affine().shift))
    const out = this.g.activation(id, outShape)
    this.g.addOp({
      kind: 'depthwiseConv2d',
      inputs: [x, filter, bias],
      outputs: [out],
      strideH: 1,
      strideW: 1,
      dilationH: 1,
      dilationW: 1,
      depthMultiplier: 1,
      padding: 'valid',
      activation: 'none',
    })
    return out
  }

  private activationLayer(
    layer: LayerSpec,
    activation: LayerActivation,
    from: LayerOut,
    outShape: number[],
  ): LayerOut {
    if (activation === 'linear') return from
    if (activation === 'softmax') {
      if (outShape.length !== 2)
        throw notDeployable(
          layer.id,
          'softmax needs a flat [classes] input. Add a Flatten or Dense layer before it.',
        )
      return { tensor: this.g.softmax(layer.id, from.tensor, outShape), exclusive: true }
    }
    const opIndex = this.g.producer.get(from.tensor)
    const op = opIndex === undefined ? undefined : this.g.ops[opIndex]
    if (op && 'activation' in op && op.activation === 'none' && from.exclusive) {
      ;(op as { activation: FusedActivation }).activation = activation
      return from
    }
    const out = this.g.activation(layer.id, outShape)
    this.g.addOp({ kind: activation, inputs: [from.tensor], outputs: [out] })
    return { tensor: out, exclusive: true }
  }

  private bias(id: string, channels: number, present: boolean): number {
    return this.g.constant(`${id}/bias`, [channels], 'float32', () =>
      present ? Float32Array.from(weightOf(this.weights!, id, 'bias', channels)) : new Float32Array(channels),
    )
  }
}

function poolGeometry(layer: Pool1dLayer | Pool2dLayer): [number, number, number, number] {
  if (typeof layer.poolSize === 'number') {
    const stride = (layer as Pool1dLayer).stride ?? layer.poolSize
    return [1, layer.poolSize, 1, stride]
  }
  const [sh, sw] = (layer as Pool2dLayer).stride ?? layer.poolSize
  return [layer.poolSize[0], layer.poolSize[1], sh, sw]
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

function notDeployable(layerId: string, message: string) {
  return modelFailure('NotDeployable', `Layer "${layerId}": ${message}`)
}
