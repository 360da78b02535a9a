import {
  findBackendFactory,
  getBackend,
  getKernelsForBackend,
  type KernelFunc,
  registerBackend,
  registerKernel,
  setBackend,
} from '@tensorflow/tfjs-core'
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { conv2DBackpropFilter, conv2DBackpropInput, fusedConv2D } from './conv2d'
import { depthwiseBackpropFilter, depthwiseBackpropInput, fusedDepthwiseConv2D } from './depthwise'
import { batchNorm } from './batch-norm'
import {
  add,
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalOr,
  multiply,
  notEqual,
  realDiv,
  select,
  squaredDifference,
  sub,
  tile,
} from './binary'
import { gatherV2 } from './gather'
import { type FastKernel, type KernelArgs } from './kernel-support'
import { fusedMatMul } from './matmul'
import { avgPool, avgPoolGrad, maxPool, maxPoolGrad } from './pool'
import { mean, sum } from './reduce'
import { clipByValue, leakyRelu, neg, relu, relu6, sqrt, square, step } from './unary'
import { loadKernelRuntime } from './wasm-runtime'

/** Name under which the fast backend is registered with TensorFlow.js. */
export const fastBackendName = 'mote-wasm'

/**
 * The kernels we replace, by TensorFlow.js kernel name. Every other kernel is tfjs-cpu's own, and each of ours
 * hands back to tfjs-cpu's for inputs it does not handle (other dtypes, NCHW, exotic bias shapes).
 */
export const fastKernels: Readonly<Record<string, FastKernel>> = {
  Conv2D: fusedConv2D,
  FusedConv2D: fusedConv2D,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv2DBackpropFilter: conv2DBackpropFilter,
  DepthwiseConv2dNative: fusedDepthwiseConv2D,
  FusedDepthwiseConv2D: fusedDepthwiseConv2D,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  BatchMatMul: fusedMatMul,
  _FusedMatMul: fusedMatMul,
  MaxPool: maxPool,
  MaxPoolGrad: maxPoolGrad,
  AvgPool: avgPool,
  AvgPoolGrad: avgPoolGrad,
  Add: add,
  Sub: sub,
  Multiply: multiply,
  RealDiv: realDiv,
  SquaredDifference: squaredDifference,
  Sum: sum,
  Mean: mean,
  Relu: relu,
  Relu6: relu6,
  LeakyRelu: leakyRelu,
  Step: step,
  Neg: neg,
  Square: square,
  Sqrt: sqrt,
  ClipByValue: clipByValue,
  Less: less,
  LessEqual: lessEqual,
  Greater: greater,
  GreaterEqual: greaterEqual,
  Equal: equal,
  NotEqual: notEqual,
  LogicalAnd: logicalAnd,
  LogicalOr: logicalOr,
  Select: select,
  Tile: tile,
  FusedBatchNorm: batchNorm,
  GatherV2: gatherV2,
}

/** tfjs-cpu's backend without its "install tfjs-node" console banner (src/core prints nothing). */
class QuietCpuBackend extends MathBackendCPU {
  constructor() {
    super()
    ;(this as unknown as { firstUse: boolean }).firstUse = false
  }
}

function wrap(fast: FastKernel, stock: KernelFunc): KernelFunc {
  return (args) => fast(args as unknown as KernelArgs, stock)
}

/**
 * Registers the `mote-wasm` backend with TensorFlow.js: tfjs-cpu's backend class and kernels, with the
 * kernels of `fastKernels` replaced by the WebAssembly SIMD ones. Idempotent; does not select it.
 * Works in Node, worker threads and browsers: the module is embedded, nothing is fetched or read from disk.
 */
export function registerFastBackend(): string {
  if (findBackendFactory(fastBackendName)) return fastBackendName
  for (const config of getKernelsForBackend('cpu')) {
    const fast = fastKernels[config.kernelName]
    const kernelFunc = fast ? wrap(fast, config.kernelFunc) : config.kernelFunc
    registerKernel({ ...config, backendName: fastBackendName, kernelFunc })
  }
  // priority 0 (below tfjs-cpu's 1): registering never changes which backend TensorFlow.js picks by itself
  registerBackend(fastBackendName, async () => (await loadKernelRuntime(), new QuietCpuBackend()), 0)
  return fastBackendName
}

/**
 * Registers (once) and selects the fast backend; call before building models. Throws a MoteFailure
 * (`TrainErrorCode.WasmUnavailable`, `WasmLoadFailed`) when WebAssembly SIMD is unavailable, before TensorFlow.js is touched.
 */
export async function useFastBackend(): Promise<void> {
  await loadKernelRuntime()
  registerFastBackend()
  if (getBackend() === fastBackendName) return
  if (!(await setBackend(fastBackendName)))
    throw new Error(`TensorFlow.js could not start ${fastBackendName}`)
}
