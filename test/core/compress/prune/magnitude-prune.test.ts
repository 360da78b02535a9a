import { CompressErrorCode } from '../../../../src/shared/api/compress'
import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ModelGraph } from '../../../../src/core/model/graph'
import { magnitudePrune } from '../../../../src/core/compress/prune/magnitude-prune'
import { checkSparsityFits, prunableWeights } from '../../../../src/core/compress/prune/prunable'
import { evaluateGraph } from '../../../../src/core/compress/variants/evaluate'
import { LABELS, SETTINGS, test, train, trainedTask, validation } from '../qat/synthetic-task'

let float: ModelGraph
beforeAll(async () => {
  float = await trainedTask()
})

const zerosOf = (g: ModelGraph, t: number) =>
  (g.tensors[t]!.data as Float32Array).filter((v) => v === 0).length

describe('magnitude pruning with the polynomial schedule and fine-tuning', () => {
  it('zeroes the chosen share of every prunable layer, keeps accuracy, and leaks no tensors', async () => {
    const before = tf.memory().numTensors
    const result = await magnitudePrune(float, train, validation, 3, {
      ...SETTINGS,
      epochs: 6,
      learningRate: 0.005,
      sparsity: 0.75,
    })
    expect(tf.memory().numTensors).toBe(before)
    for (const t of prunableWeights(result.floatGraph)) {
      const n = result.floatGraph.tensors[t]!.data!.length
      expect(zerosOf(result.floatGraph, t)).toBeGreaterThanOrEqual(Math.round(0.75 * n))
    }
    expect(result.sparsity).toBeGreaterThanOrEqual(0.75)
    expect(evaluateGraph(result.floatGraph, test as never, LABELS).accuracy).toBeGreaterThanOrEqual(0.95)
    // Shapes and biases are untouched: unstructured pruning does not shrink the model.
    result.floatGraph.tensors.forEach((t, i) => expect(t.shape).toEqual(float.tensors[i]!.shape))
  })

  it('keeps the weights that were pruned at zero as the schedule tightens (the mask only grows)', async () => {
    const result = await magnitudePrune(float, train, validation, 3, {
      ...SETTINGS,
      epochs: 3,
      sparsity: 0.5,
    })
    const again = await magnitudePrune(result.floatGraph, train, validation, 3, {
      ...SETTINGS,
      epochs: 3,
      sparsity: 0.6,
    })
    for (const t of prunableWeights(float)) {
      const first = result.floatGraph.tensors[t]!.data as Float32Array
      const second = again.floatGraph.tensors[t]!.data as Float32Array
      first.forEach((v, i) => v === 0 && expect(second[i]).toBe(0))
    }
  })

  it('refuses a sparsity that would remove a whole layer, naming the layer and the largest it can take (14301)', () => {
    const tiny: ModelGraph = {
      ...float,
      tensors: float.tensors.map((t) =>
        t.name === 'output/weights' ? { ...t, shape: [1, 4], data: new Float32Array(4).fill(1) } : t,
      ),
    }
    expect(() => checkSparsityFits(tiny, prunableWeights(tiny), 0.9)).toThrow(
      /"output\/weights" has 4 weights.*at most 75 %/,
    )
    expect(() => checkSparsityFits(float, prunableWeights(float), 1)).toThrow(
      expect.objectContaining({ code: CompressErrorCode.BadSparsity }),
    )
    expect(() => checkSparsityFits(float, prunableWeights(float), -0.1)).toThrow(
      expect.objectContaining({ code: CompressErrorCode.BadSparsity }),
    )
  })
})
