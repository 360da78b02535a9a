/**
 * The reference interpreter over `ModelGraph`: the ground truth that generated C, on-device runs and the
 * estimator are checked against (DESIGN.md §6). int8 ops follow TensorFlow Lite Micro's reference kernels
 * bit for bit; float32 ops follow TFLite's float reference kernels in float32 arithmetic.
 *
 * No memory planning: every op writes a fresh typed array, and every tensor's value stays available for
 * debugging (`runAll`). Constants are read from the graph, never copied or modified. Preparation (requantization
 * multipliers, padding, shape checks) happens once in `createInterpreter`; `run` can then be called for
 * many inputs (e.g. a whole test set).
 */
import { CompressErrorCode } from '../../../shared/api/compress'
import { MoteFailure, throwIfCancelled } from '../../../shared/errors'
import type { CancellationToken } from '../../../shared/api/jobs'
import type { ModelGraph, TensorData } from '../../model/graph'
import { elementCount, OpContext } from './op-context'
import { CTOR, prepareStep, type Step, type TensorValues } from './steps'

export interface RunOptions {
  /** Checked between ops; a cancelled run throws `MoteFailure` with `JobsErrorCode.Cancelled`. */
  readonly cancellation?: CancellationToken
  /** Called after each op with the values so far (by tensor index); for tracing, not for mutation. */
  readonly onOp?: (opIndex: number, values: readonly (TensorData | undefined)[]) => void
}

export interface Interpreter {
  readonly graph: ModelGraph
  /** The graph outputs for `inputs` (one typed array per graph input, in `graph.inputs` order). */
  run(inputs: readonly TensorData[], options?: RunOptions): TensorData[]
  /** Every tensor's value by tensor index after a run: constants, inputs, intermediates and outputs. */
  runAll(inputs: readonly TensorData[], options?: RunOptions): TensorValues
}

function badInput(message: string): MoteFailure {
  return new MoteFailure(CompressErrorCode.BadInput, message)
}

function checkInputs(graph: ModelGraph, inputs: readonly TensorData[]): void {
  if (inputs.length !== graph.inputs.length) {
    throw badInput(`The model takes ${graph.inputs.length} input(s) but ${inputs.length} were given.`)
  }
  graph.inputs.forEach((tensorIndex, i) => {
    const tensor = graph.tensors[tensorIndex]
    const input = inputs[i]
    if (!tensor || !input) throw badInput(`Model input ${i} is missing.`)
    if (!(input instanceof CTOR[tensor.dtype])) {
      throw badInput(
        `Model input ${i} ("${tensor.name}") is ${tensor.dtype}; pass a ${CTOR[tensor.dtype].name}.`,
      )
    }
    if (input.length !== elementCount(tensor.shape)) {
      throw badInput(
        `Model input ${i} ("${tensor.name}") has shape [${tensor.shape.join(', ')}] (${elementCount(tensor.shape)} ` +
          `values); ${input.length} were given.`,
      )
    }
  })
}

function execute(
  graph: ModelGraph,
  steps: readonly Step[],
  inputs: readonly TensorData[],
  options: RunOptions,
) {
  checkInputs(graph, inputs)
  const values: TensorValues = graph.tensors.map((t) => t.data)
  graph.inputs.forEach((tensorIndex, i) => (values[tensorIndex] = inputs[i]))
  for (const step of steps) {
    throwIfCancelled(options.cancellation, 'The model run was cancelled.')
    step.run(values)
    options.onOp?.(step.opIndex, values)
  }
  return values
}

/** Prepares every op of `graph` (throwing a `MoteFailure` for an invalid or unsupported graph). */
export function createInterpreter(graph: ModelGraph): Interpreter {
  const steps = graph.ops.map((op, index) => prepareStep(new OpContext(graph, op, index)))
  const runAll = (inputs: readonly TensorData[], options: RunOptions = {}) =>
    execute(graph, steps, inputs, options)
  return {
    graph,
    runAll,
    run(inputs, options = {}) {
      const values = runAll(inputs, options)
      return graph.outputs.map((index) => {
        const value = values[index]
        if (!value) throw badInput(`No op writes the model output tensor ${index}; the graph is incomplete.`)
        return value
      })
    },
  }
}

/** Runs a graph with one int8 input and int8 outputs (the usual quantized model) once. */
export function runInt8(graph: ModelGraph, input: Int8Array): Int8Array[] {
  return createInterpreter(graph)
    .run([input])
    .map((output, i) => {
      if (!(output instanceof Int8Array))
        throw badInput(`Model output ${i} is not int8; use createInterpreter().run.`)
      return output
    })
}

/** Runs a graph with one float32 input and float32 outputs (a float model) once. */
export function runFloat32(graph: ModelGraph, input: Float32Array): Float32Array[] {
  return createInterpreter(graph)
    .run([input])
    .map((output, i) => {
      if (!(output instanceof Float32Array))
        throw badInput(`Model output ${i} is not float32; use createInterpreter().run.`)
      return output
    })
}
