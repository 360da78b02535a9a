import { CompressErrorCode } from '../../../../src/shared/api/compress'
import { JobsErrorCode } from '../../../../src/shared/api/jobs'
import { describe, expect, it } from 'vitest'
import { isMoteFailure, type MoteFailure } from '../../../../src/shared/errors'
import { createInterpreter, runFloat32, runInt8 } from '../../../../src/core/compress/reference/interpreter'
import {
  chooseActivationParams,
  quantizeBias,
  quantizeWeightsSymmetric,
} from '../../../../src/core/compress/quantize/params'
import type { ModelGraph } from '../../../../src/core/model/graph'
import { activation, constant, q, randomFloats, rng } from './graph-fixtures'

function failure(run: () => unknown): MoteFailure {
  try {
    run()
  } catch (error) {
    if (isMoteFailure(error)) return error
    throw error
  }
  throw new Error('expected a MoteFailure')
}

/** float input → QUANTIZE → FC (int8) → RESHAPE → DEQUANTIZE → float output. */
function mixedGraph(): ModelGraph {
  return {
    tensors: [
      activation('x', [1, 2], 'float32'),
      activation('xq', [1, 2], 'int8', q(0.5, 0)),
      constant('w', [2, 2], new Int8Array([2, 0, 0, 4]), q(0.5)),
      activation('yq', [1, 2], 'int8', q(0.25, 0)),
      activation('yr', [2], 'int8', q(0.25, 0)),
      activation('y', [2], 'float32'),
    ],
    ops: [
      { kind: 'quantize', inputs: [0], outputs: [1] },
      { kind: 'fullyConnected', inputs: [1, 2, -1], outputs: [3], activation: 'none' },
      { kind: 'reshape', inputs: [3], outputs: [4] },
      { kind: 'dequantize', inputs: [4], outputs: [5] },
    ],
    inputs: [0],
    outputs: [5],
  }
}

describe('the reference interpreter', () => {
  it('runs a graph mixing float32 and int8 through QUANTIZE and DEQUANTIZE', () => {
    // x = [1, 1.5] → q [2, 3]; weights real diag(1, 2); y = [1, 3].
    const [y] = createInterpreter(mixedGraph()).run([new Float32Array([1, 1.5])])
    expect(Array.from(y!)).toEqual([1, 3])
  })

  it('exposes every intermediate tensor after a run, by tensor index, and reads constants in place', () => {
    const graph = mixedGraph()
    const values = createInterpreter(graph).runAll([new Float32Array([1, 1.5])])
    expect(values[2]).toBe(graph.tensors[2]!.data)
    expect(Array.from(values[1]!)).toEqual([2, 3])
    expect(Array.from(values[3]!)).toEqual([4, 12])
    expect(values[4]).toBe(values[3]) // RESHAPE shares its input's data
  })

  it('reports each op to a tracing callback in execution order', () => {
    const seen: number[] = []
    createInterpreter(mixedGraph()).run([new Float32Array([1, 1.5])], { onOp: (index) => seen.push(index) })
    expect(seen).toEqual([0, 1, 2, 3])
  })

  it('stops between ops when cancelled', () => {
    const cancellation = { aborted: false }
    const error = failure(() =>
      createInterpreter(mixedGraph()).run([new Float32Array([1, 1.5])], {
        cancellation,
        onOp: () => (cancellation.aborted = true),
      }),
    )
    expect(error.code).toBe(JobsErrorCode.Cancelled)
  })

  it('rejects inputs of the wrong count, type or length with a message naming the input', () => {
    const interpreter = createInterpreter(mixedGraph())
    expect(failure(() => interpreter.run([])).code).toBe(CompressErrorCode.BadInput)
    expect(failure(() => interpreter.run([new Int8Array(2)])).message).toMatch(
      /input 0 \("x"\) is float32; pass a Float32Array/,
    )
    expect(failure(() => interpreter.run([new Float32Array(3)])).message).toMatch(/shape \[1, 2\]/)
    expect(failure(() => runInt8(mixedGraph(), new Int8Array(2))).code).toBe(CompressErrorCode.BadInput)
  })

  it('names the op and dtypes it has no kernel for', () => {
    const graph: ModelGraph = {
      tensors: [activation('x', [1, 2], 'int16', q(1)), activation('y', [1, 2], 'int16', q(1))],
      ops: [{ kind: 'relu', inputs: [0], outputs: [1] }],
      inputs: [0],
      outputs: [1],
    }
    const error = failure(() => createInterpreter(graph))
    expect(error.code).toBe(CompressErrorCode.NoReferenceKernel)
    expect(error.message).toMatch(/no relu kernel for int16\/int16 tensors \(op 0\)/)
  })

  it('refuses a graph whose op reads a tensor no earlier op has written', () => {
    const graph = mixedGraph()
    const reordered = { ...graph, ops: [graph.ops[1]!, graph.ops[0]!, graph.ops[2]!, graph.ops[3]!] }
    const error = failure(() => createInterpreter(reordered).run([new Float32Array([1, 1.5])]))
    expect(error.code).toBe(CompressErrorCode.InvalidGraph)
    expect(error.message).toMatch(/op 0 \(fullyConnected\) reads tensor 1 before any op has written it/)
  })

  it('keeps a post-training-quantized dense layer within a few output steps of the float layer', () => {
    // Quantize a float FC layer with the converter's rules and compare the two interpreters end to end.
    const random = rng(71)
    const [depth, units] = [16, 5]
    const weights = randomFloats(random, units * depth, 0.5)
    const bias = randomFloats(random, units, 0.2)
    const input = randomFloats(random, depth, 1)
    const floatGraph: ModelGraph = {
      tensors: [
        activation('x', [1, depth], 'float32'),
        constant('w', [units, depth], weights),
        constant('b', [units], bias),
        activation('y', [1, units], 'float32'),
      ],
      ops: [{ kind: 'fullyConnected', inputs: [0, 1, 2], outputs: [3], activation: 'none' }],
      inputs: [0],
      outputs: [3],
    }
    const yFloat = runFloat32(floatGraph, input)[0]!
    const inParams = chooseActivationParams(-1, 1)
    const outParams = chooseActivationParams(Math.min(...yFloat) - 0.1, Math.max(...yFloat) + 0.1)
    const qw = quantizeWeightsSymmetric(weights, [units, depth], 0)
    const qb = quantizeBias(bias, inParams.scale, qw.quantization.scale)
    const int8Graph: ModelGraph = {
      ...floatGraph,
      tensors: [
        activation('x', [1, depth], 'int8', q(inParams.scale, inParams.zeroPoint)),
        constant('w', [units, depth], qw.data, qw.quantization),
        constant('b', [units], qb.data, qb.quantization),
        activation('y', [1, units], 'int8', q(outParams.scale, outParams.zeroPoint)),
      ],
    }
    const xq = Int8Array.from(input, (v) =>
      Math.max(-128, Math.min(127, Math.round(v / inParams.scale) + inParams.zeroPoint)),
    )
    const yq = runInt8(int8Graph, xq)[0]!
    yq.forEach((v, i) => {
      const real = outParams.scale * (v - outParams.zeroPoint)
      // Input and weight rounding add error; a 16-term dot product stays within a few output steps.
      expect(Math.abs(real - yFloat[i]!)).toBeLessThan(3 * outParams.scale)
    })
  })
})
