import { beforeAll, describe, expect, it } from 'vitest'
import type { ModelGraph } from '../../../../src/core/model/graph'
import { planArena } from '../../../../src/core/model/graph-memory'
import { codeWeights, codedBytes } from '../../../../src/core/compress/cluster/huffman-weights'
import { postTrainingQuantize } from '../../../../src/core/compress/ptq/ptq'
import { graphStats } from '../../../../src/core/compress/reference/graph-stats'
import { defaultVariantName } from '../../../../src/core/compress/variants/names'
import { runMethod, type MethodInputs } from '../../../../src/core/compress/variants/run-method'
import {
  sizeMetrics,
  weightsFlashBytes,
  weightSparsity,
} from '../../../../src/core/compress/variants/metrics'
import {
  COMPRESS_METHODS,
  type CompressMethod,
  type CompressOptions,
} from '../../../../src/shared/api/compress'
import { LABELS, methodInputs, train, trainedTask } from '../qat/synthetic-task'

let float: ModelGraph
let inputs: MethodInputs
beforeAll(async () => {
  float = await trainedTask()
  inputs = methodInputs(float)
})

describe('the size figures of a variant', () => {
  it('counts 4 bytes per float32 parameter', () => {
    expect(weightsFlashBytes(float)).toBe(4 * graphStats(float).params)
  })

  it('counts 1 byte per int8 weight and 4 per int32 bias', () => {
    const q = postTrainingQuantize(float, train, LABELS).graph
    const stats = graphStats(q)
    expect(weightsFlashBytes(q)).toBe(stats.weightParams + 4 * stats.biasParams)
    expect(sizeMetrics(q)).toEqual({
      params: stats.params,
      weightsFlashBytes: stats.weightParams + 4 * stats.biasParams,
      peakActivationBytes: planArena(q).peakBytes,
      macs: stats.macs,
      sparsity: weightSparsity(q),
    })
    // int8 activations take a quarter of the float arena, up to 16-byte alignment.
    expect(planArena(q).peakBytes).toBeLessThanOrEqual(planArena(float).peakBytes / 4 + 64)
  })

  it('counts a Huffman-coded tensor as its block plus its codebook', () => {
    const q = postTrainingQuantize(float, train, LABELS).graph
    const coded = codeWeights(
      q,
      q.tensors.findIndex((t) => t.name === 'output/weights'),
    )
    expect(weightsFlashBytes(q, [coded])).toBe(weightsFlashBytes(q) - 192 + codedBytes(coded))
  })
})

describe('running a method', () => {
  it('int8 PTQ gives an int8 graph and says what it calibrated on', async () => {
    const outcome = await runMethod('ptq', {}, inputs)
    expect(outcome.graph.tensors[outcome.graph.inputs[0]!]!.dtype).toBe('int8')
    expect(outcome.floatGraph).toBeUndefined()
    expect(outcome.notes).toEqual(['Calibrated on 240 training windows (minmax).'])
  })

  it('pruning with filters and sparsity removes filters first, then zeroes weights of what is left', async () => {
    const outcome = await runMethod('prune', { filters: 0.5, sparsity: 0.5, epochs: 3 }, inputs)
    expect(outcome.notes[0]).toBe('Removed filters/neurons: conv1 8 → 4, conv2 8 → 4.')
    expect(outcome.notes[1]).toMatch(/^Magnitude pruning to 5\d\.\d % zero weights/)
    expect(graphStats(outcome.graph).params).toBeLessThan(graphStats(float).params / 1.8)
  })

  it('clustering codes only the layers where coding saves bytes, and says so per layer', async () => {
    const outcome = await runMethod('cluster', { bits: 4, epochs: 2 }, inputs)
    expect(outcome.notes.some((n) => /^conv1\/filter: \d+ values, kept as 48 B of int8/.test(n))).toBe(true)
    expect(outcome.coded.map((c) => c.name)).toEqual(['conv2/filter', 'output/weights'])
  })
})

describe('default variant names', () => {
  it('say the method and its main setting', () => {
    expect(defaultVariantName('float', {})).toBe('float32 baseline')
    expect(defaultVariantName('ptq', { calibration: 'percentile' })).toBe('int8 PTQ (percentile 99.99)')
    expect(defaultVariantName('prune', {})).toBe('pruned 50 % sparse + int8')
    expect(defaultVariantName('prune', { filters: 0.25 })).toBe('pruned 25 % filters + int8')
    expect(defaultVariantName('cluster', { bits: 3 }, 'pruned 80 % sparse + int8')).toBe(
      'clustered 3-bit + Huffman + int8 (from pruned 80 % sparse + int8)',
    )
  })
})

/** A value other than the default for every option a method reads. */
const CHANGED: Readonly<Record<keyof CompressOptions, CompressOptions>> = {
  name: {},
  from: {},
  epochs: { epochs: 3 },
  learningRate: { learningRate: 0.003 },
  calibration: { calibration: 'percentile' },
  percentile: { calibration: 'percentile', percentile: 99.9 },
  perChannelDense: { perChannelDense: true },
  sparsity: { sparsity: 0.8 },
  filters: { filters: 0.25 },
  temperature: { temperature: 2 },
  alpha: { alpha: 0.9 },
  studentPreset: { studentPreset: 'ds-cnn' },
  width: { width: 0.25 },
  bits: { bits: 3 },
}

/** The options each method reads (run-method.ts), besides `name` and `from`. */
const READS: Readonly<Record<CompressMethod, readonly (keyof CompressOptions)[]>> = {
  ptq: ['calibration', 'percentile', 'perChannelDense'],
  qat: ['epochs', 'learningRate', 'calibration', 'percentile', 'perChannelDense'],
  prune: ['sparsity', 'filters', 'epochs', 'learningRate', 'calibration', 'percentile', 'perChannelDense'],
  distill: [
    'studentPreset',
    'width',
    'temperature',
    'alpha',
    'epochs',
    'learningRate',
    'calibration',
    'percentile',
    'perChannelDense',
  ],
  cluster: ['bits', 'epochs', 'learningRate', 'calibration', 'percentile', 'perChannelDense'],
}

describe('default variant names say what differs', () => {
  it('PTQ with per-channel dense layers is not named like plain int8 PTQ', () => {
    expect(defaultVariantName('ptq', { perChannelDense: true })).not.toBe(defaultVariantName('ptq', {}))
  })

  it('every setting a method reads changes its name when it leaves the default', () => {
    for (const method of COMPRESS_METHODS) {
      const names = new Set([
        defaultVariantName(method, {}),
        ...READS[method].map((key) => defaultVariantName(method, CHANGED[key])),
      ])
      expect(names.size, method).toBe(READS[method].length + 1)
    }
  })

  it('keep the short names of the defaults', () => {
    expect(defaultVariantName('ptq', { perChannelDense: true, calibration: 'percentile' })).toBe(
      'int8 PTQ (percentile 99.99, per-channel dense)',
    )
    expect(defaultVariantName('qat', { epochs: 3, learningRate: 0.003 })).toBe(
      'QAT int8 (3 epochs, learning rate 0.003)',
    )
  })
})

describe('checks that need no model', () => {
  it('refuse a sparsity or filter share of 1 or more, and a pruning that removes nothing', async () => {
    const { checkCompressOptions } = await import('../../../../src/core/compress/variants/check-options')
    expect(() => checkCompressOptions('prune', { sparsity: 1 })).toThrow(/not 1\./)
    expect(() => checkCompressOptions('prune', { filters: 1 })).toThrow(/every layer keeps one/)
    expect(() => checkCompressOptions('prune', { sparsity: 0 })).toThrow(/removes nothing/)
    expect(() => checkCompressOptions('prune', { sparsity: 0, filters: 0.25 })).not.toThrow()
    expect(() => checkCompressOptions('ptq', { sparsity: 1 })).not.toThrow()
  })
})
