import type { DType, ModelGraph, Op, Tensor, TensorData } from './graph'

export type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** A dense/conv/depthwise op's constants, and which output channel each filter element belongs to. */
export interface Weighted {
  readonly filter: number
  readonly bias: number
  readonly channelOf: (index: number) => number
}

const EMPTY: Record<DType, TensorData> = {
  float32: new Float32Array(0),
  int8: new Int8Array(0),
  int16: new Int16Array(0),
  int32: new Int32Array(0),
  uint8: new Uint8Array(0),
}

/**
 * Appends tensors and ops for lowering (lower.ts) and remembers which op wrote each tensor, so that later
 * layers can fold into or fuse with it. Without data (`withData` false) constants get empty arrays: a plan
 * for shapes, counts and memory only.
 */
export class GraphBuilder {
  readonly tensors: Tensor[] = []
  readonly ops: Mutable<Op>[] = []
  /** Tensor index → index of the op that writes it. */
  readonly producer = new Map<number, number>()
  /** Op index → its constants, for dense/conv/depthwise ops (batch norm folds into these). */
  readonly weighted = new Map<number, Weighted>()

  constructor(private readonly withData: boolean) {}

  activation(name: string, shape: number[]): number {
    this.tensors.push({ name, shape, dtype: 'float32' })
    return this.tensors.length - 1
  }

  /** A constant; `make` runs only when building with data. */
  constant(name: string, shape: number[], dtype: DType, make: () => TensorData): number {
    this.tensors.push({ name, shape, dtype, data: this.withData ? make() : EMPTY[dtype] })
    return this.tensors.length - 1
  }

  /** A float32 constant's data, to modify in place while folding (the builder owns it). */
  data(tensor: number): Float32Array {
    return this.tensors[tensor]!.data as Float32Array
  }

  addOp(op: Mutable<Op>): void {
    this.ops.push(op)
    for (const out of op.outputs) this.producer.set(out, this.ops.length - 1)
  }

  softmax(id: string, x: number, outShape: number[]): number {
    const out = this.activation(`${id}/softmax`, outShape)
    this.addOp({ kind: 'softmax', inputs: [x], outputs: [out], beta: 1 })
    return out
  }

  /** RESHAPE with an int32 shape constant (TFLite's second operand). */
  reshape(id: string, x: number, outShape: number[]): number {
    const shape = this.constant(`${id}/shape`, [outShape.length], 'int32', () => Int32Array.from(outShape))
    const out = this.activation(id, outShape)
    this.addOp({ kind: 'reshape', inputs: [x, shape], outputs: [out] })
    return out
  }

  graph(inputs: number[], outputs: number[], description: string): ModelGraph {
    return { tensors: this.tensors, ops: this.ops as Op[], inputs, outputs, description }
  }
}
