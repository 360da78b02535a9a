/**
 * The harness's wire format (harness/harness.h): a kernel case as bytes, and the results back. Parameters
 * are written in each C params struct's declaration order, which the layouts below spell out field by field
 * (the harness reads them in the same order and reports a malformed case if the count differs).
 */
import type { KernelName } from '../../../../src/core/codegen/c/kernel-calls'
import type { TensorData } from '../../../../src/core/model/graph'

/** A kernel argument: any typed array the graph holds. */
export type Buffer8 = TensorData | Uint8Array | Int32Array | Float32Array

export interface KernelCase {
  readonly kernel: HarnessKernel
  /** A params object of src/core/codegen/c/kernel-params.ts (C field names). */
  readonly params: object
  /** The kernel's pointer arguments before the output; undefined passes NULL. */
  readonly buffers: readonly (Buffer8 | undefined)[]
  readonly outputBytes: number
  /** Run in place: the output buffer is preloaded with input 0 ('first') or 1 ('second') and passed as it. */
  readonly inPlace?: 'first' | 'second'
}

export interface KernelResult {
  /** A mote_status_t, or a harness status ≥ 100 (wrote outside its output, wrote on error, malformed). */
  readonly status: number
  readonly output: Uint8Array
}

const WINDOW = [
  'batches',
  'input_h',
  'input_w',
  'input_c',
  'output_h',
  'output_w',
  'output_c',
  'filter_h',
  'filter_w',
  'stride_h',
  'stride_w',
  'dilation_h',
  'dilation_w',
  'pad_top',
  'pad_left',
].map((f) => `window.${f}`)
const REQUANT = ['input_offset', 'output_offset', 'activation_min', 'activation_max', 'per_channel'].map(
  (f) => `requant.${f}`,
)
const RANGE = ['activation_min', 'activation_max']

/** A runtime kernel, or the harness's test-only entry for the fixed-point primitives. */
export type HarnessKernel = KernelName | 'test_fixed_point'

const LAYOUTS: Readonly<Record<HarnessKernel, readonly string[]>> = {
  mote_conv2d_s8: [...WINDOW, ...REQUANT],
  mote_depthwise_conv2d_s8: [...WINDOW, 'depth_multiplier', ...REQUANT],
  mote_fully_connected_s8: ['batches', 'depth', 'units', ...REQUANT],
  mote_average_pool2d_s8: [...WINDOW, ...RANGE],
  mote_max_pool2d_s8: [...WINDOW, ...RANGE],
  mote_add_s8: [
    'size',
    'left_shift',
    'input1_offset',
    'input1_multiplier',
    'input1_shift',
    'input2_offset',
    'input2_multiplier',
    'input2_shift',
    'output_multiplier',
    'output_shift',
    'output_offset',
    ...RANGE,
  ],
  mote_softmax_s8: ['rows', 'depth', 'input_multiplier', 'input_left_shift', 'diff_min'],
  mote_requantize_s8: ['size', 'input_zero_point', 'output_zero_point', 'multiplier', 'shift', ...RANGE],
  mote_clamp_s8: ['size', ...RANGE],
  mote_conv2d_f32: [...WINDOW, ...RANGE],
  mote_depthwise_conv2d_f32: [...WINDOW, 'depth_multiplier', ...RANGE],
  mote_fully_connected_f32: ['batches', 'depth', 'units', ...RANGE],
  mote_average_pool2d_f32: [...WINDOW, ...RANGE],
  mote_max_pool2d_f32: [...WINDOW, ...RANGE],
  mote_add_f32: ['size', ...RANGE],
  mote_softmax_f32: ['rows', 'depth', 'beta'],
  mote_clamp_f32: ['size', ...RANGE],
  mote_quantize_f32_s8: ['size', 'scale', 'zero_point'],
  mote_dequantize_s8_f32: ['size', 'scale', 'zero_point'],
  mote_reshape: ['bytes'],
  test_fixed_point: ['primitive'],
}

/** Float fields: the activation bounds of float kernels, softmax's beta and the affine scale. */
function isFloatField(kernel: HarnessKernel, path: string): boolean {
  return path === 'beta' || path === 'scale' || (kernel.endsWith('_f32') && RANGE.includes(path))
}

function fieldValue(params: object, path: string): number {
  let value: unknown = params
  for (const key of path.split('.')) value = (value as Record<string, unknown>)[key]
  if (typeof value !== 'number') throw new Error(`The params have no number at "${path}".`)
  return value
}

/** The params as int32 words (floats as their float32 bits), in C declaration order. */
export function paramWords(kernel: HarnessKernel, params: object): Int32Array {
  const layout = LAYOUTS[kernel]
  const words = new Int32Array(layout.length)
  const floats = new Float32Array(words.buffer)
  layout.forEach((path, i) => {
    const value = fieldValue(params, path)
    if (isFloatField(kernel, path)) floats[i] = value
    else words[i] = value
  })
  return words
}

class Writer {
  private readonly chunks: Uint8Array[] = []
  u32(value: number): void {
    const b = new Uint8Array(4)
    new DataView(b.buffer).setUint32(0, value >>> 0, true)
    this.chunks.push(b)
  }
  bytes(data: Uint8Array): void {
    this.chunks.push(data)
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0))
    let at = 0
    for (const chunk of this.chunks) {
      out.set(chunk, at)
      at += chunk.length
    }
    return out
  }
}

const asBytes = (b: Buffer8) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)

/**
 * A case whose parameters are already int32 words, for harness entries that are not runtime kernels of
 * kernel-calls.ts (the code generator's kernels in test/core/codegen/c/harness).
 */
export interface RawKernelCase extends Omit<KernelCase, 'kernel' | 'params'> {
  readonly kernel: string
  readonly words: Int32Array
}

export function encodeCases(cases: readonly KernelCase[]): Uint8Array {
  return encodeRawCases(cases.map((c) => ({ ...c, words: paramWords(c.kernel, c.params) })))
}

export function encodeRawCases(cases: readonly RawKernelCase[]): Uint8Array {
  const w = new Writer()
  for (const c of cases) {
    const name = new TextEncoder().encode(c.kernel)
    w.u32(name.length)
    w.bytes(name)
    w.u32(c.inPlace === 'first' ? 1 : c.inPlace === 'second' ? 2 : 0)
    const words = c.words
    w.u32(words.length)
    w.bytes(asBytes(words))
    w.u32(c.buffers.length)
    for (const buffer of c.buffers) {
      w.u32(buffer?.byteLength ?? 0)
      if (buffer) w.bytes(asBytes(buffer))
    }
    w.u32(c.outputBytes)
  }
  return w.concat()
}

export function decodeResults(bytes: Uint8Array, count: number): KernelResult[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const results: KernelResult[] = []
  let at = 0
  for (let i = 0; i < count; i++) {
    if (at + 8 > bytes.length) throw new Error(`The harness answered ${i} of ${count} cases.`)
    const status = view.getInt32(at, true)
    const length = view.getUint32(at + 4, true)
    results.push({ status, output: bytes.slice(at + 8, at + 8 + length) })
    at += 8 + length
  }
  return results
}
