/** Helpers for tests: single-op graphs, quantization records and a deterministic PRNG. */
import type { ModelGraph, Op, Quantization, Tensor, TensorData } from '../../../../src/core/model/graph'
import { createRng } from '../../../../src/core/train/random'

export function q(scale: number | number[], zeroPoint: number | number[] = 0, axis?: number): Quantization {
  const scales = Array.isArray(scale) ? scale.map(Math.fround) : [Math.fround(scale)]
  const zeroPoints = Array.isArray(zeroPoint) ? zeroPoint : scales.map(() => zeroPoint)
  return axis === undefined
    ? { scale: scales, zeroPoint: zeroPoints }
    : { scale: scales, zeroPoint: zeroPoints, axis }
}

export function activation(
  name: string,
  shape: number[],
  dtype: Tensor['dtype'],
  quantization?: Quantization,
): Tensor {
  return quantization ? { name, shape, dtype, quantization } : { name, shape, dtype }
}

export function constant(
  name: string,
  shape: number[],
  data: TensorData,
  quantization?: Quantization,
): Tensor {
  const dtype: Tensor['dtype'] =
    data instanceof Int8Array
      ? 'int8'
      : data instanceof Int32Array
        ? 'int32'
        : data instanceof Float32Array
          ? 'float32'
          : 'uint8'
  return quantization ? { name, shape, dtype, data, quantization } : { name, shape, dtype, data }
}

/**
 * A graph with one op: tensors[0] is the model input, the op reads `inputs` (indices into `tensors`) and
 * writes the last tensor, which is the model output.
 */
type WithoutOutputs<T> = T extends Op ? Omit<T, 'outputs'> : never

export function singleOpGraph(tensors: Tensor[], op: WithoutOutputs<Op>): ModelGraph {
  const output = tensors.length - 1
  return { tensors, ops: [{ ...op, outputs: [output] } as Op], inputs: [0], outputs: [output] }
}

/** The seeded PRNG of src/core/train/random.ts, as a bare [0, 1) stream, so failures reproduce. */
export const rng = (seed: number): (() => number) => createRng(seed).next

export function randomInt8(random: () => number, length: number, lo = -128, hi = 127): Int8Array {
  return Int8Array.from({ length }, () => lo + Math.floor(random() * (hi - lo + 1)))
}

export function randomFloats(random: () => number, length: number, amplitude = 1): Float32Array {
  return Float32Array.from({ length }, () => (random() * 2 - 1) * amplitude)
}

/** real = scale · (q − zp) per element, with per-channel scales on the last or first axis. */
export function dequantize(
  data: Int8Array | Int32Array,
  quantization: Quantization,
  channelOf: (i: number) => number,
) {
  return Float64Array.from(data, (value, i) => {
    const c = quantization.scale.length === 1 ? 0 : channelOf(i)
    return (quantization.scale[c] ?? 0) * (value - (quantization.zeroPoint[c] ?? 0))
  })
}
