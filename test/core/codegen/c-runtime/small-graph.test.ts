/**
 * A small graph with every op kind that training emits (conv, depthwise, pools, add, reshape, dense,
 * softmax; fused relu/relu6), run op by op in C: the float graph gives the reference interpreter's values
 * (softmax within the stated 2^-22), and its post-training-quantized int8 version the reference's bytes.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { calibrate } from '../../../../src/core/compress/ptq/calibrate'
import { quantizeFeatures } from '../../../../src/core/compress/ptq/run-int8'
import { inputParams, quantizeGraph } from '../../../../src/core/compress/ptq/quantize-graph'
import { fixtureInputs, smallFloatGraph } from '../../compress/ptq/float-graph-fixture'
import { compareOpByOp, runChained } from './graph-runner'
import { buildHarness, type Harness } from './harness'
import { createInterpreter } from '../../../../src/core/compress/reference/interpreter'

let harness: Harness
beforeAll(async () => {
  harness = await buildHarness()
}, 120_000)

describe('the small training graph in C', () => {
  const float = smallFloatGraph()
  const int8 = quantizeGraph(float, calibrate(float, fixtureInputs(16)))
  const inputs = fixtureInputs(5, 123)

  it('float32: every op gives the reference’s values, softmax within 2^-22', () => {
    for (const input of inputs) {
      for (const mismatch of compareOpByOp(harness, float, [input])) {
        expect(mismatch).toMatchObject({ kernel: 'mote_softmax_f32', status: 0 })
        expect(mismatch.maxError).toBeLessThanOrEqual(2 ** -22)
      }
    }
  })

  it('int8: every op gives the reference’s bytes, op by op and chained in C alone', () => {
    for (const input of inputs) {
      const quantized = quantizeFeatures(input, inputParams(int8))
      expect(compareOpByOp(harness, int8, [quantized])).toEqual([])
      expect(runChained(harness, int8, [quantized])).toEqual(createInterpreter(int8).run([quantized]))
    }
  })
})
