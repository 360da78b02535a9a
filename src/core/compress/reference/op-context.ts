/**
 * What every kernel's prepare step needs: typed access to the op's tensors with precondition checks that
 * fail with a `MoteFailure` naming the op, and the geometry helpers TFLM's kernels share.
 */
import type { ModelGraph, Op, Padding, Tensor } from '../../model/graph'
import type { AffineParams } from '../quantize/params'
import { invalidGraph } from './errors'

export class OpContext {
  constructor(
    readonly graph: ModelGraph,
    readonly op: Op,
    readonly index: number,
  ) {}

  fail(problem: string): never {
    throw invalidGraph(this.index, this.op.kind, problem)
  }

  check(condition: boolean, problem: string): asserts condition {
    if (!condition) this.fail(problem)
  }

  private tensorAt(index: number | undefined, role: string): Tensor {
    const tensor = index === undefined || index < 0 ? undefined : this.graph.tensors[index]
    return tensor ?? this.fail(`has no ${role} tensor`)
  }

  input(position: number): Tensor {
    return this.tensorAt(this.op.inputs[position], `input ${position}`)
  }

  /** An optional operand (a bias), absent when the index is −1 or missing. */
  optionalInput(position: number): Tensor | undefined {
    const index = this.op.inputs[position]
    return index === undefined || index < 0 ? undefined : this.input(position)
  }

  output(position = 0): Tensor {
    return this.tensorAt(this.op.outputs[position], `output ${position}`)
  }

  /** Per-tensor affine parameters of an int8 tensor. */
  affine(tensor: Tensor): AffineParams {
    const q = tensor.quantization
    this.check(
      q !== undefined && q.scale.length >= 1,
      `needs quantization parameters on tensor "${tensor.name}"`,
    )
    this.check(q.scale.length === 1, `expects per-tensor quantization on tensor "${tensor.name}"`)
    return { scale: q.scale[0] ?? 0, zeroPoint: q.zeroPoint[0] ?? 0 }
  }

  /** [batches, height, width, channels] of a rank-4 tensor. */
  dims4(tensor: Tensor): [number, number, number, number] {
    const s = tensor.shape
    this.check(
      s.length === 4,
      `expects a rank-4 NHWC tensor, got "${tensor.name}" of shape [${s.join(', ')}]`,
    )
    return [s[0] ?? 0, s[1] ?? 0, s[2] ?? 0, s[3] ?? 0]
  }

  /** Constant data of `tensor` as the typed array `type` (weights, biases). */
  constant<T extends Int8Array | Int32Array | Float32Array>(tensor: Tensor, type: new () => T): T {
    const data = tensor.data
    this.check(data instanceof type, `expects constant ${type.name} data in tensor "${tensor.name}"`)
    this.check(
      data.length === elementCount(tensor.shape),
      `has a wrong data length in tensor "${tensor.name}"`,
    )
    return data
  }
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1)
}

/**
 * Leading (top or left) padding of a window, tflite `ComputePaddingWithOffset` (tensorflow/lite/kernels/
 * padding.h): half of the total padding, rounded down; the odd pixel, if any, goes to the bottom/right.
 */
export function leadingPadding(
  padding: Padding,
  stride: number,
  dilation: number,
  inSize: number,
  filterSize: number,
  outSize: number,
): number {
  if (padding === 'valid') return 0
  const effectiveFilter = (filterSize - 1) * dilation + 1
  const total = (outSize - 1) * stride + effectiveFilter - inSize
  return total > 0 ? Math.floor(total / 2) : 0
}
