import { type TensorInfo } from '@tensorflow/tfjs-core'
import { type MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { floatValues, sizeOf, stockKernel, wasmActivation } from './kernel-support'

/**
 * How a fused kernel (conv, depthwise, matmul) finishes its output: the per-channel bias and the activation
 * that the wasm epilogue applies, plus an activation left for the stock kernels (elu, prelu, sigmoid).
 */
export interface Epilogue {
  /** Per-output-channel bias, or null. */
  readonly bias: Float32Array | null
  /** Activation code for the wasm epilogue (kernels.h ACT_*). */
  readonly code: number
  readonly alpha: number
  /** Activation to apply afterwards with tfjs-cpu's kernel, or null. */
  readonly stockActivation: string | null
}

/** Attributes and inputs of the fused kernels that describe the epilogue. */
export interface FusedParts {
  readonly bias?: TensorInfo
  readonly activation?: string | null
  readonly leakyreluAlpha?: number
}

/**
 * The epilogue of a fused kernel with `channels` output channels, or null when it is one we do not handle
 * (a bias that is not one float32 value per channel), in which case the caller uses the stock kernel.
 */
export function epilogueOf(backend: MathBackendCPU, parts: FusedParts, channels: number): Epilogue | null {
  let bias: Float32Array | null = null
  if (parts.bias) {
    const shape = parts.bias.shape
    bias = floatValues(backend, parts.bias)
    if (!bias || sizeOf(shape) !== channels || (shape.length > 0 && shape[shape.length - 1] !== channels))
      return null
  }
  const activation = parts.activation ?? 'linear'
  const code = wasmActivation[activation]
  return {
    bias,
    code: code ?? 0,
    alpha: parts.leakyreluAlpha ?? 0.2,
    stockActivation: code === undefined ? activation : null,
  }
}

const stockActivationKernels: Readonly<Record<string, string>> = {
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  prelu: 'Prelu',
}

/**
 * Applies an activation the wasm epilogue lacks, with tfjs-cpu's kernel, and disposes `result`.
 * `preluWeights` is the fused kernel's preluActivationWeights input (prelu only).
 */
export function applyStockActivation(
  backend: MathBackendCPU,
  result: TensorInfo,
  activation: string,
  preluWeights: TensorInfo | undefined,
): TensorInfo {
  const name = stockActivationKernels[activation]
  if (!name) throw new Error(`activation ${activation} is not supported by the cpu backend`)
  const inputs = activation === 'prelu' && preluWeights ? { x: result, alpha: preluWeights } : { x: result }
  const out = stockKernel(name)({ inputs, backend }) as TensorInfo
  backend.disposeIntermediateTensorInfo(result)
  return out
}
