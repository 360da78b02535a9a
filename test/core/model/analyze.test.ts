import { describe, expect, it } from 'vitest'
import { ModelErrorCode } from '../../../src/shared/api/design'
import {
  analyzeModel,
  checkModel,
  deserializeGraph,
  lowerModel,
  parseModelSpec,
  planModelGraph,
  serializeGraph,
  activationMemory,
  type ModelSpec,
} from '../../../src/core/model'

const spec = (inputShape: number[], layers: ModelSpec['layers']): ModelSpec => ({ inputShape, layers })

describe('model analysis: validation with clear errors', () => {
  it.each([
    [
      spec(
        [4],
        [
          { id: 'a', type: 'dense', units: 2, activation: 'relu' },
          { id: 'a', type: 'dense', units: 2, activation: 'softmax' },
        ],
      ),
      12001,
      /Two layers are named "a"/,
    ],
    [
      spec(
        [4],
        [
          { id: 'a', type: 'dense', units: 2, activation: 'relu', input: 'b' },
          { id: 'b', type: 'dense', units: 2, activation: 'softmax' },
        ],
      ),
      12001,
      /"a" reads "b".*comes after it/,
    ],
    [
      spec([4], [{ id: 'a', type: 'dense', units: 2, activation: 'softmax', input: 'zz' }]),
      12001,
      /"a" reads "zz".*no such layer/,
    ],
    [
      spec([4, 3], [{ id: 'fc', type: 'dense', units: 2, activation: 'softmax' }]),
      12002,
      /Layer "fc" \(dense\): needs a flat \[features\] input but gets \[4, 3\]\. Add a Flatten layer before it\./,
    ],
    [
      spec([20], [{ id: 'c', type: 'conv1d', filters: 2, kernelSize: 3, activation: 'relu' }]),
      12002,
      /"c" \(conv1d\): needs a \[time, channels\] input but gets \[20\]/,
    ],
    [
      spec([5, 2], [{ id: 'c', type: 'conv1d', filters: 2, kernelSize: 7, activation: 'relu' }]),
      12002,
      /time window of 7 is larger than the input's 5.*"same" padding/,
    ],
    [
      spec([4, 4, 2], [{ id: 'r', type: 'reshape', targetShape: [5, 5] }]),
      12002,
      /cannot reshape \[4, 4, 2\] \(32 values\) to \[5, 5\]/,
    ],
    [
      spec(
        [4, 4, 2],
        [
          { id: 'c', type: 'conv2d', filters: 3, kernelSize: [1, 1], activation: 'linear' },
          { id: 's', type: 'add', other: 'input' },
        ],
      ),
      12002,
      /operands have different shapes, \[4, 4, 3\] and \[4, 4, 2\]/,
    ],
    [
      spec(
        [4],
        [
          { id: 'a', type: 'dense', units: 3, activation: 'relu' },
          { id: 'b', type: 'dense', units: 2, activation: 'relu', input: 'input' },
        ],
      ),
      12001,
      /output of layer "a" is not used/,
    ],
    [spec([4], [{ id: 'input', type: 'flatten' }]), 12001, /names the model input/],
  ] as const)('refuses a broken spec %#', (s, code, message) => {
    expect(() => analyzeModel(s as ModelSpec)).toThrow(
      expect.objectContaining({ code, message: expect.stringMatching(message) }),
    )
    const check = checkModel(s as ModelSpec)
    expect(check.ok).toBe(false)
  })

  it('names the layer at fault for the live view', () => {
    const check = checkModel(spec([4, 3], [{ id: 'fc', type: 'dense', units: 2, activation: 'softmax' }]))
    expect(check).toMatchObject({ ok: false, code: ModelErrorCode.ShapeMismatch, layerId: 'fc' })
  })

  it('parses stored specs, naming the field of a bad one', () => {
    expect(() =>
      parseModelSpec({ inputShape: [4], layers: [{ id: 'd', type: 'dense', units: 0, activation: 'relu' }] }),
    ).toThrow(/layer "d", field "units"/)
    expect(() => parseModelSpec({ inputShape: [4], layers: [{ id: 'd', type: 'lstm' }] })).toThrow(
      /layer "d"/,
    )
  })

  it('follows a residual add through shapes, params and activation memory', () => {
    // [8, 8, 4] → conv 1×1 (4→4, 20 params, 64·4·4 = 1024 MACs) → add with the input, relu → gap → dense 3
    const s = spec(
      [8, 8, 4],
      [
        { id: 'c', type: 'conv2d', filters: 4, kernelSize: [1, 1], activation: 'relu' },
        { id: 'sum', type: 'add', other: 'input', activation: 'relu' },
        { id: 'gap', type: 'globalAvgPool2d' },
        { id: 'out', type: 'dense', units: 3, activation: 'softmax' },
      ],
    )
    const r = analyzeModel(s)
    expect(r.layers.map((l) => [l.id, l.outputShape, l.params, l.macs])).toEqual([
      ['c', [8, 8, 4], 20, 1024],
      ['sum', [8, 8, 4], 0, 0],
      ['gap', [4], 0, 0],
      ['out', [3], 15, 12],
    ])
    // while the add runs, the input (kept for it), the conv output and the sum are live: 3 · 256 floats
    const memory = activationMemory(planModelGraph(s))
    expect(memory.peakBytesFloat32).toBe(3 * 256 * 4)
    expect(memory.peakOpIndex).toBe(1)
  })
})

describe('the model graph files', () => {
  it('read back to the same graph, weights bit for bit', () => {
    const s = spec([3], [{ id: 'out', type: 'dense', units: 2, activation: 'softmax' }])
    const graph = lowerModel(s, {
      out: { kernel: Float32Array.from([1, 2, 3, 4, 5, 6]), bias: Float32Array.from([0.5, -0.25]) },
    })
    const { json, bin } = serializeGraph(graph)
    const back = deserializeGraph(json, bin)
    expect(back).toEqual(graph)
    expect(() => deserializeGraph('{"format":"other"}', bin)).toThrow(/damaged or of an unknown version/)
    expect(() => deserializeGraph(json, bin.subarray(0, 4))).toThrow(/shorter than the graph says/)
  })
})
