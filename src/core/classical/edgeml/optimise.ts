/**
 * The training machinery shared by Bonsai and ProtoNN: Adam on flat Float64Array parameters, iterative hard
 * thresholding (keep the k largest magnitudes, zero the rest) and the three phases of the EdgeML papers —
 * dense training, training with a hard threshold after every step, and fine-tuning on the support found.
 */

/** Zeroes all but the k largest |values| (ties: the lower index stays); returns the 0/1 support mask. */
export function hardThreshold(values: Float64Array, k: number): Uint8Array {
  const mask = new Uint8Array(values.length)
  if (k >= values.length) {
    mask.fill(1)
    return mask
  }
  const order = Array.from({ length: values.length }, (_, i) => i)
  order.sort((a, b) => Math.abs(values[b]!) - Math.abs(values[a]!) || a - b)
  for (let i = 0; i < Math.max(0, k); i++) mask[order[i]!] = 1
  applyMask(values, mask)
  return mask
}

export function applyMask(values: Float64Array, mask: Uint8Array): void {
  for (let i = 0; i < values.length; i++) if (mask[i] === 0) values[i] = 0
}

/** Adam (Kingma & Ba) for one parameter array. */
export class Adam {
  private readonly m: Float64Array
  private readonly v: Float64Array
  private t = 0

  constructor(
    size: number,
    private readonly learningRate: number,
  ) {
    this.m = new Float64Array(size)
    this.v = new Float64Array(size)
  }

  step(param: Float64Array, grad: Float64Array): void {
    this.t++
    const c1 = 1 - 0.9 ** this.t
    const c2 = 1 - 0.999 ** this.t
    for (let i = 0; i < param.length; i++) {
      const g = grad[i]!
      this.m[i] = 0.9 * this.m[i]! + 0.1 * g
      this.v[i] = 0.999 * this.v[i]! + 0.001 * g * g
      param[i]! -= (this.learningRate * (this.m[i]! / c1)) / (Math.sqrt(this.v[i]! / c2) + 1e-8)
    }
  }
}

/** One sparsified parameter: its values, its non-zero target and its optimiser. */
export interface SparseParam {
  readonly values: Float64Array
  readonly grad: Float64Array
  readonly keep: number
  readonly adam: Adam
  mask?: Uint8Array
}

export function sparseParam(values: Float64Array, keep: number, learningRate: number): SparseParam {
  return { values, grad: new Float64Array(values.length), keep, adam: new Adam(values.length, learningRate) }
}

export type Phase = 'dense' | 'threshold' | 'support'

/** The phase of an epoch: the first third dense, the second thresholded, the last on a fixed support. */
export function phaseOf(epoch: number, epochs: number): Phase {
  if (epoch < Math.floor(epochs / 3)) return 'dense'
  return epoch < Math.floor((2 * epochs) / 3) ? 'threshold' : 'support'
}

/** An Adam step, then the phase's sparsity rule. */
export function updateParam(p: SparseParam, phase: Phase): void {
  p.adam.step(p.values, p.grad)
  if (phase === 'threshold' || (phase === 'support' && p.mask === undefined)) {
    p.mask = hardThreshold(p.values, p.keep)
  } else if (phase === 'support') applyMask(p.values, p.mask!)
}

/** Per-column mean and standard deviation (1 for a constant column) of a row-major table. */
export function columnStats(
  x: Float32Array,
  rows: number,
  cols: number,
): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(cols)
  const std = new Float64Array(cols)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c]! += x[r * cols + c]! / rows
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) std[c]! += (x[r * cols + c]! - mean[c]!) ** 2 / rows
  for (let c = 0; c < cols; c++) std[c] = std[c]! > 1e-12 ? Math.sqrt(std[c]!) : 1
  return { mean, std }
}

/** The standardised table, row-major Float64Array. */
export function standardised(x: Float32Array, rows: number, cols: number): Float64Array {
  const { mean, std } = columnStats(x, rows, cols)
  const out = new Float64Array(rows * cols)
  for (let i = 0; i < out.length; i++) out[i] = (x[i]! - mean[i % cols]!) / std[i % cols]!
  return out
}

/** Largest |x| per column. */
export function columnMaxAbs(x: Float32Array, rows: number, cols: number): number[] {
  const out = new Array<number>(cols).fill(0)
  for (let i = 0; i < rows * cols; i++) out[i % cols] = Math.max(out[i % cols]!, Math.abs(x[i]!))
  return out
}

/** `compute(key)` once per key object (models are immutable data; their derived forms are reused). */
export function memoised<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>()
  return (key) => {
    let value = cache.get(key)
    if (value === undefined) {
      value = compute(key)
      cache.set(key, value)
    }
    return value
  }
}
