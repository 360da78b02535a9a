import {
  getKernel,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core'
import { type MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'

/** The arguments TensorFlow.js passes to a kernel function, with the backend we register on. */
export interface KernelArgs {
  readonly inputs: NamedTensorInfoMap
  readonly backend: MathBackendCPU
  readonly attrs?: NamedAttrMap
}

/** A kernel we implement, with the stock tfjs-cpu kernel of the same name to hand back to when we cannot. */
export type FastKernel = (args: KernelArgs, stock: KernelFunc) => TensorInfo | TensorInfo[]

/** The float32 values of a tensor on the cpu-family backend, or null if it is another dtype. */
export function floatValues(backend: MathBackendCPU, t: TensorInfo | undefined): Float32Array | null {
  if (!t || t.dtype !== 'float32') return null
  const values = backend.data.get(t.dataId).values
  return values instanceof Float32Array ? values : null
}

/** Typed attributes: TensorFlow.js passes them as an untyped map. */
export function attrsOf<T>(args: KernelArgs): T {
  return args.attrs as unknown as T
}

/** The stock kernel function registered by @tensorflow/tfjs-backend-cpu. */
export function stockKernel(name: string): KernelFunc {
  const config = getKernel(name, 'cpu')
  if (!config) throw new Error(`@tensorflow/tfjs-backend-cpu has no ${name} kernel`)
  return config.kernelFunc
}

/** Runs a stock kernel on our backend (the backend is a MathBackendCPU, so every cpu kernel accepts it). */
export function runStock(stock: KernelFunc, args: KernelArgs): TensorInfo | TensorInfo[] {
  return stock(args as Parameters<KernelFunc>[0])
}

/** Activation codes of resources/wasm/kernels.h; activations missing here are applied by the stock kernels. */
export const wasmActivation: Readonly<Record<string, number>> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3 }

/** Product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}
