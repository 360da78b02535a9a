import { TrainErrorCode } from '../../../shared/api/train'
import { MoteFailure } from '../../../shared/errors'
import { decodeBase64 } from '../../util/text-codecs'
import { kernelsWasmBase64 } from './wasm-binary.generated'

interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}

/** The functions exported by resources/wasm/*.c. Every pointer is a byte offset into `memory`. */
export interface KernelExports {
  readonly memory: WasmMemory
  readonly __heap_base: { readonly value: number }
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    transA: number,
    b: number,
    ldb: number,
    transB: number,
    c: number,
    ldc: number,
    accumulate: number,
  ): void
  conv2d_forward(
    g: number,
    x: number,
    w: number,
    bias: number,
    act: number,
    alpha: number,
    y: number,
    scratch: number,
  ): void
  conv2d_backprop_input(g: number, dy: number, w: number, dx: number, scratch: number): void
  conv2d_backprop_filter(g: number, x: number, dy: number, dw: number, scratch: number): void
  depthwise_forward(
    g: number,
    x: number,
    w: number,
    bias: number,
    act: number,
    alpha: number,
    y: number,
  ): void
  depthwise_backprop_input(g: number, dy: number, w: number, dx: number): void
  depthwise_backprop_filter(g: number, x: number, dy: number, dw: number): void
  max_pool_forward(g: number, x: number, y: number): void
  max_pool_backprop(g: number, x: number, dy: number, dx: number): void
  avg_pool_forward(g: number, x: number, y: number): void
  avg_pool_backprop(g: number, dy: number, dx: number): void
  unary_op(op: number, n: number, x: number, out: number, alpha: number): void
  byte_op(
    op: number,
    rank: number,
    shape: number,
    aStrides: number,
    bStrides: number,
    a: number,
    b: number,
    out: number,
  ): void
  select_op(n: number, cond: number, t: number, e: number, out: number): void
  clip_op(n: number, x: number, out: number, lo: number, hi: number): void
  batch_norm(
    n: number,
    channels: number,
    x: number,
    mean: number,
    meanLen: number,
    variance: number,
    varLen: number,
    scale: number,
    scaleLen: number,
    offset: number,
    offsetLen: number,
    epsilon: number,
    out: number,
  ): void
  bias_act(y: number, rows: number, cols: number, bias: number, act: number, alpha: number): void
  binary_op(
    op: number,
    rank: number,
    shape: number,
    aStrides: number,
    bStrides: number,
    a: number,
    b: number,
    out: number,
  ): void
  reduce_sum(
    rank: number,
    shape: number,
    outStrides: number,
    x: number,
    out: number,
    outSize: number,
    acc: number,
    divisor: number,
  ): void
}

interface WasmApi {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>
}

const pageBytes = 65536

/**
 * The instantiated kernels plus a bump allocator over their linear memory.
 *
 * Ownership: a kernel call does `reset()`, allocates and fills its inputs, runs, and copies its outputs out
 * with `readFloats()`; nothing in linear memory outlives the call. Memory only grows (WebAssembly cannot
 * shrink it), so it stays at the size of the largest call. Single-threaded: one runtime per JS realm
 * (main thread or worker), and kernels never re-enter.
 */
export class KernelRuntime {
  private readonly base: number
  private top: number

  constructor(readonly fn: KernelExports) {
    this.base = align16(fn.__heap_base.value)
    this.top = this.base
  }

  /** Frees everything allocated since the last reset. */
  reset(): void {
    this.top = this.base
  }

  /** Reserves `count` floats (16-byte aligned) and returns their byte offset; contents are undefined. */
  allocFloats(count: number): number {
    const offset = this.top
    this.top = align16(offset + count * 4)
    const missing = this.top - this.fn.memory.buffer.byteLength
    if (missing > 0) this.fn.memory.grow(Math.ceil(missing / pageBytes))
    return offset
  }

  /** Copies `values` into fresh memory and returns the byte offset. */
  putFloats(values: Float32Array): number {
    const offset = this.allocFloats(values.length)
    new Float32Array(this.fn.memory.buffer, offset, values.length).set(values)
    return offset
  }

  /** Copies int32 `values` into fresh memory and returns the byte offset. */
  putInts(values: readonly number[]): number {
    const offset = this.allocFloats(values.length)
    new Int32Array(this.fn.memory.buffer, offset, values.length).set(values)
    return offset
  }

  /** Copies bytes (bool tensors) into fresh memory and returns the byte offset. */
  putBytes(values: Uint8Array): number {
    const offset = this.allocFloats(Math.ceil(values.length / 4))
    new Uint8Array(this.fn.memory.buffer, offset, values.length).set(values)
    return offset
  }

  /** A copy of `count` bytes at `offset`, owned by the caller. */
  readBytes(offset: number, count: number): Uint8Array {
    return new Uint8Array(this.fn.memory.buffer, offset, count).slice()
  }

  /** A copy of `count` floats at `offset`, owned by the caller. */
  readFloats(offset: number, count: number): Float32Array {
    return new Float32Array(this.fn.memory.buffer, offset, count).slice()
  }
}

function align16(n: number): number {
  return (n + 15) & ~15
}

let loading: Promise<KernelRuntime> | undefined
let loaded: KernelRuntime | undefined

/** Instantiates the embedded module once per JS realm. */
export function loadKernelRuntime(): Promise<KernelRuntime> {
  loading ??= instantiate().then((runtime) => (loaded = runtime))
  return loading
}

/** The runtime after `loadKernelRuntime()` resolved; throws if called before. */
export function kernelRuntime(): KernelRuntime {
  if (!loaded) throw new Error('training kernels used before loadKernelRuntime() resolved')
  return loaded
}

async function instantiate(): Promise<KernelRuntime> {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (!api) {
    throw new MoteFailure(
      TrainErrorCode.WasmUnavailable,
      'This JavaScript environment has no WebAssembly, which fast training needs. Use a current Node.js or browser.',
    )
  }
  try {
    const { instance } = await api.instantiate(decodeBase64(kernelsWasmBase64.join('')))
    return new KernelRuntime(instance.exports as KernelExports)
  } catch (error) {
    throw new MoteFailure(
      TrainErrorCode.WasmLoadFailed,
      'The training kernels could not be loaded: this JavaScript engine lacks WebAssembly SIMD. Update Node.js or the browser.',
      String(error),
    )
  }
}
