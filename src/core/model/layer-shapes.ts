import { convOutputSize } from './graph'
import { modelFailure } from './errors'
import type { LayerSpec, SpecPadding } from './spec'

/**
 * Shape inference, parameter and MAC counts for one layer (shapes without the batch dimension).
 *
 * Conventions, the same as Keras and as the MLPerf Tiny model README counts them:
 * - params: every weight the layer holds, trainable or not (batch norm: γ, β, moving mean and variance, of
 *   which γ and β are trainable);
 * - MACs: multiply-accumulates of dense (in·units), conv (outPositions·filters·k·inChannels) and depthwise
 *   (outPositions·channels·multiplier·kh·kw) layers; pooling, add, batch norm (folded away for deployment),
 *   activations and reshapes count 0.
 * Output sizes follow TFLite (and Keras): `same` → ceil(in/stride), `valid` → floor((in − k)/stride) + 1.
 */
export interface LayerShapeInfo {
  readonly outputShape: readonly number[]
  readonly params: number
  readonly trainableParams: number
  readonly macs: number
}

export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1)
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

function mismatch(layer: LayerSpec, message: string): Error {
  return modelFailure('ShapeMismatch', `Layer "${layer.id}" (${layer.type}): ${message}`)
}

function needRank(layer: LayerSpec, shape: readonly number[], rank: number, what: string, fix: string): void {
  if (shape.length !== rank)
    throw mismatch(layer, `needs ${what} input but gets ${formatShape(shape)}. ${fix}`)
}

function outSize(
  layer: LayerSpec,
  inSize: number,
  kernel: number,
  stride: number,
  padding: SpecPadding,
  axis: string,
) {
  const out = convOutputSize(inSize, kernel, stride, 1, padding)
  if (out < 1) {
    throw mismatch(
      layer,
      `its ${axis} window of ${kernel} is larger than the input's ${inSize}. Use a smaller kernel or pool, or "same" padding.`,
    )
  }
  return out
}

const noWeights = (outputShape: readonly number[]): LayerShapeInfo => ({
  outputShape,
  params: 0,
  trainableParams: 0,
  macs: 0,
})

const flattenFix = 'Add a Flatten layer before it.'
const reshape1dFix = 'Use features of shape [time, channels] or add a Reshape layer before it.'
const reshape2dFix = 'Add a Reshape layer to [height, width, channels] before it.'

/** `input` is the shape the layer reads; `other` the shape of an add's second operand. */
export function inferLayer(
  layer: LayerSpec,
  input: readonly number[],
  other?: readonly number[],
): LayerShapeInfo {
  switch (layer.type) {
    case 'dense': {
      needRank(layer, input, 1, 'a flat [features]', flattenFix)
      const n = input[0]!
      const params = n * layer.units + (layer.useBias === false ? 0 : layer.units)
      return { outputShape: [layer.units], params, trainableParams: params, macs: n * layer.units }
    }
    case 'conv1d': {
      needRank(layer, input, 2, 'a [time, channels]', reshape1dFix)
      const [t, c] = input as [number, number]
      const out = outSize(layer, t, layer.kernelSize, layer.stride ?? 1, layer.padding ?? 'valid', 'time')
      const params = layer.kernelSize * c * layer.filters + (layer.useBias === false ? 0 : layer.filters)
      const macs = out * layer.filters * layer.kernelSize * c
      return { outputShape: [out, layer.filters], params, trainableParams: params, macs }
    }
    case 'conv2d':
    case 'depthwiseConv2d': {
      needRank(layer, input, 3, 'an [height, width, channels]', reshape2dFix)
      const [h, w, c] = input as [number, number, number]
      const [kh, kw] = layer.kernelSize
      const [sh, sw] = layer.stride ?? [1, 1]
      const padding = layer.padding ?? 'valid'
      const oh = outSize(layer, h, kh, sh, padding, 'height')
      const ow = outSize(layer, w, kw, sw, padding, 'width')
      const outC = layer.type === 'conv2d' ? layer.filters : c * (layer.depthMultiplier ?? 1)
      const perOutput = layer.type === 'conv2d' ? kh * kw * c : kh * kw
      const params = perOutput * outC + (layer.useBias === false ? 0 : outC)
      return {
        outputShape: [oh, ow, outC],
        params,
        trainableParams: params,
        macs: oh * ow * outC * perOutput,
      }
    }
    case 'maxPool1d':
    case 'avgPool1d': {
      needRank(layer, input, 2, 'a [time, channels]', reshape1dFix)
      const stride = layer.stride ?? layer.poolSize
      const out = outSize(layer, input[0]!, layer.poolSize, stride, layer.padding ?? 'valid', 'time')
      return noWeights([out, input[1]!])
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      needRank(layer, input, 3, 'an [height, width, channels]', reshape2dFix)
      const [ph, pw] = layer.poolSize
      const [sh, sw] = layer.stride ?? layer.poolSize
      const padding = layer.padding ?? 'valid'
      const oh = outSize(layer, input[0]!, ph, sh, padding, 'height')
      const ow = outSize(layer, input[1]!, pw, sw, padding, 'width')
      return noWeights([oh, ow, input[2]!])
    }
    case 'globalAvgPool1d':
      needRank(layer, input, 2, 'a [time, channels]', reshape1dFix)
      return noWeights([input[1]!])
    case 'globalAvgPool2d':
      needRank(layer, input, 3, 'an [height, width, channels]', reshape2dFix)
      return noWeights([input[2]!])
    case 'add':
      if (other === undefined || formatShape(other) !== formatShape(input)) {
        throw mismatch(
          layer,
          `its operands have different shapes, ${formatShape(input)} and ${formatShape(other ?? [])}. Both branches must end in the same shape.`,
        )
      }
      if (layer.activation === 'softmax')
        throw mismatch(layer, 'an add cannot apply softmax. Add an Activation layer after it.')
      return noWeights(input)
    case 'batchNorm': {
      const c = input[input.length - 1]!
      return { outputShape: input, params: 4 * c, trainableParams: 2 * c, macs: 0 }
    }
    case 'dropout':
    case 'activation':
      return noWeights(input)
    case 'flatten':
      return noWeights([shapeSize(input)])
    case 'reshape':
      return noWeights(reshapeTarget(layer, input, layer.targetShape))
  }
}

function reshapeTarget(layer: LayerSpec, input: readonly number[], target: readonly number[]): number[] {
  const total = shapeSize(input)
  const unknown = target.filter((d) => d === -1).length
  if (unknown > 1 || target.some((d) => d === 0 || d < -1))
    throw mismatch(
      layer,
      `the target shape ${formatShape(target)} is invalid: use positive sizes and at most one -1.`,
    )
  const known = shapeSize(target.filter((d) => d !== -1))
  const out = target.map((d) => (d === -1 ? total / known : d))
  if (!out.every(Number.isInteger) || shapeSize(out) !== total) {
    throw mismatch(
      layer,
      `cannot reshape ${formatShape(input)} (${total} values) to ${formatShape(target)}. The sizes must multiply to ${total}.`,
    )
  }
  return out
}
