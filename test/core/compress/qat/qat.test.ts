import { CompressErrorCode } from '../../../../src/shared/api/compress'
import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ModelGraph } from '../../../../src/core/model/graph'
import { postTrainingQuantize } from '../../../../src/core/compress/ptq/ptq'
import { graphScores } from '../../../../src/core/compress/ptq/run-int8'
import { GraphModel } from '../../../../src/core/compress/qat/graph-model'
import {
  installFakeQuant,
  ownGridTensors,
  quantizationAwareTraining,
} from '../../../../src/core/compress/qat/qat'
import { evaluateGraph } from '../../../../src/core/compress/variants/evaluate'
import { LABELS, SETTINGS, batchTensor, test, train, trainedTask, validation } from './synthetic-task'

let float: ModelGraph

beforeAll(async () => {
  float = await trainedTask()
})

const argmaxRows = (scores: Float32Array | Int8Array | Uint8Array, classes: number) =>
  Array.from({ length: scores.length / classes }, (_, i) => {
    const row = [...scores.subarray(i * classes, (i + 1) * classes)]
    return row.indexOf(Math.max(...row))
  })

describe('quantization-aware training', () => {
  it('puts fake quantization on the model input and on every op output that gets its own int8 parameters', () => {
    const own = [...ownGridTensors(float)].map((t) => float.tensors[t]!.name).sort()
    expect(own).toEqual(['conv1', 'conv2', 'input', 'output'])
  })

  it('simulates the int8 model: the fake-quantized forward pass predicts what the int8 interpreter predicts', () => {
    const ptq = postTrainingQuantize(float, train, LABELS)
    const model = new GraphModel(float)
    installFakeQuant(model, ptq.ranges)
    const simulated = argmaxRows(
      model.forward(batchTensor(test), false).probabilities.dataSync() as Float32Array,
      3,
    )
    const int8 = argmaxRows(graphScores(ptq.graph, test), 3)
    const agree = simulated.filter((c, i) => c === int8[i]).length / simulated.length
    expect(agree).toBeGreaterThanOrEqual(0.98)
    model.dispose()
  })

  it('fine-tunes with fake quantization and exports an int8 graph that keeps the float accuracy', async () => {
    const floatAccuracy = evaluateGraph(float, test as never, LABELS).accuracy
    const result = await quantizationAwareTraining(float, train, validation, LABELS, {
      ...SETTINGS,
      epochs: 4,
      learningRate: 0.001,
    })
    const int8 = evaluateGraph(result.graph, test as never, LABELS)
    expect(int8.accuracy).toBeGreaterThanOrEqual(floatAccuracy - 0.02)
    expect(result.graph.tensors[result.graph.inputs[0]!]!.dtype).toBe('int8')
    expect(result.floatGraph.tensors[result.floatGraph.inputs[0]!]!.dtype).toBe('float32')
    expect(result.fit.history).toHaveLength(4)
    // The export uses the ranges the network was fine-tuned on, not a new calibration.
    const conv1 = result.graph.tensors.findIndex((t) => t.name === 'conv1')
    expect(result.graph.tensors[conv1]!.quantization!.scale[0]).toBeCloseTo(
      (Math.max(0, result.ranges.get(conv1)!.max) - Math.min(0, result.ranges.get(conv1)!.min)) / 255,
      6,
    )
  })

  it('refuses fine-tuning settings out of range (14502)', async () => {
    await expect(
      quantizationAwareTraining(float, train, validation, LABELS, { ...SETTINGS, epochs: 0 }),
    ).rejects.toMatchObject({ code: CompressErrorCode.BadFineTuneOptions })
    expect(tf.memory().numTensors).toBeLessThan(10_000)
  })
})
