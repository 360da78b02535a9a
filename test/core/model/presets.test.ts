import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readTflite } from '../../../src/core/codegen/tflite/reader'
import { graphStats } from '../../../src/core/compress/reference/graph-stats'
import { buildPreset, planModelGraph, summarizeModel } from '../../../src/core/model'
import { MLPERF_TINY_DIR } from '../../fixtures/mlperf-tiny'

const MLPERF = MLPERF_TINY_DIR

/**
 * Every figure below is worked out by hand in the comments (conv: out positions × filters × k × inC MACs;
 * params: weights + biases (+ 4 per batch-norm channel before folding)), and for DS-CNN and MobileNet also
 * compared with the MLPerf Tiny reference models (their README's counts, and the .tflite files themselves).
 */
describe('model presets: shapes, params and MACs against hand-computed values', () => {
  it('dense MLP on 33 spectral features, 5 classes: 945 params, 910 MACs, 212 B activations', () => {
    // dense1 33·20+20 = 680 (660 MACs), dense2 20·10+10 = 210 (200), output 10·5+5 = 55 (50)
    const s = summarizeModel(buildPreset('dense-mlp', [33], 5))
    expect(s.report.layers.map((l) => [l.id, l.outputShape, l.params, l.macs])).toEqual([
      ['dense1', [20], 680, 660],
      ['dense2', [10], 210, 200],
      ['output', [5], 55, 50],
    ])
    expect([s.report.params, s.report.macs, s.deployed.params, s.deployed.macs]).toEqual([945, 910, 945, 910])
    // live floats per op: FC1 33+20, FC2 20+10, FC3 10+5, softmax 5+5 → peak 53 floats = 212 B (53 B int8)
    expect(s.activation.perOpBytesFloat32).toEqual([212, 120, 60, 40])
    expect([s.activation.peakBytesFloat32, s.activation.peakBytesInt8]).toEqual([212, 53])
  })

  it('dense MLP flattens a [125, 3] window first', () => {
    const s = summarizeModel(buildPreset('dense-mlp', [125, 3], 5))
    expect(s.report.layers[0]).toMatchObject({ id: 'flatten', outputShape: [375], params: 0 })
    expect(s.report.layers[1]).toMatchObject({ params: 375 * 20 + 20, macs: 375 * 20 })
  })

  it('1-D CNN on [125, 3], 5 classes: 3045 params, 35 752 MACs', () => {
    // conv1 k3·3·8+8 = 80, [125, 8], 125·8·9 = 9000 MACs; pool same → ceil(125/2) = 63
    // conv2 3·8·16+16 = 400, [63, 16], 63·16·24 = 24 192 MACs; pool → 32; flatten 512
    // output 512·5+5 = 2565, 2560 MACs
    const s = summarizeModel(buildPreset('cnn-1d', [125, 3], 5))
    const byId = Object.fromEntries(s.report.layers.map((l) => [l.id, l]))
    expect(byId.conv1).toMatchObject({ outputShape: [125, 8], params: 80, macs: 9000 })
    expect(byId.pool1!.outputShape).toEqual([63, 8])
    expect(byId.conv2).toMatchObject({ outputShape: [63, 16], params: 400, macs: 24192 })
    expect(byId.pool2!.outputShape).toEqual([32, 16])
    expect(byId.flatten!.outputShape).toEqual([512])
    expect(byId.output).toMatchObject({ params: 2565, macs: 2560 })
    expect([s.report.params, s.report.macs]).toEqual([3045, 35752])
    // conv1d runs as CONV_2D on [1, 1, T, C]; pools as 1×2 pools; dropout gone
    expect(planModelGraph(buildPreset('cnn-1d', [125, 3], 5)).ops.map((o) => o.kind)).toEqual([
      'conv2d',
      'maxPool2d',
      'conv2d',
      'maxPool2d',
      'reshape',
      'fullyConnected',
      'softmax',
    ])
  })

  it('2-D CNN on [32, 32, 1], 4 classes: 5348 params, 372 736 MACs', () => {
    // conv1 9·1·8+8 = 80, 32·32·8·9 = 73 728; pool → 16×16; conv2 9·8·16+16 = 1168, 16·16·16·72 = 294 912
    // pool → 8×8×16 = 1024; output 1024·4+4 = 4100, 4096 MACs
    const s = summarizeModel(buildPreset('cnn-2d', [32, 32, 1], 4))
    expect([s.report.params, s.report.macs]).toEqual([5348, 372736])
    expect(s.report.layers.find((l) => l.id === 'conv2')).toMatchObject({
      outputShape: [16, 16, 16],
      params: 1168,
    })
    // on [H, W] features the preset adds a reshape to [H, W, 1]
    expect(buildPreset('cnn-2d', [49, 40], 6).layers[0]).toEqual({
      id: 'reshape',
      type: 'reshape',
      targetShape: [49, 40, 1],
    })
  })

  it('DS-CNN on [49, 10], 12 classes is MLPerf Tiny KWS: 22 604 deployed params, 2 656 768 MACs', () => {
    // conv1 10·4·1·64+64 = 2624, out 25×5×64 (stride 2, same), 8000·40 = 320 000 MACs
    // per block: dw 9·64+64 = 640 (25·5·64·9 = 72 000 MACs), pw 64·64+64 = 4160 (8000·64 = 512 000 MACs)
    // output 64·12+12 = 780 (768 MACs). Deployed: 2624 + 4·(640+4160) + 780 = 22 604.
    // Before folding, 9 batch norms of 64 channels add 9·4·64 = 2304 params (half of them trainable).
    const s = summarizeModel(buildPreset('ds-cnn', [49, 10], 12))
    expect(s.deployed).toMatchObject({ params: 22604, weightParams: 22016, biasParams: 588, macs: 2656768 })
    expect(s.report.params).toBe(22604 + 2304)
    expect(s.report.trainableParams).toBe(22604 + 1152)
    expect(s.report.macs).toBe(320000 + 4 * (72000 + 512000) + 768)
    // the MLPerf README's figures for kws_ref_model.tflite, computed by our graph-stats on the plan
    const stats = graphStats(planModelGraph(buildPreset('ds-cnn', [49, 10, 1], 12)))
    expect([stats.params, stats.macs, stats.macsByKind.depthwiseConv2d]).toEqual([22604, 2656768, 288000])
  })

  it('MobileNet v1 α = 0.25 on 96×96×3, 2 classes is MLPerf Tiny VWW: 210 850 params, 7 489 664 MACs', () => {
    const s = summarizeModel(buildPreset('mobilenet', [96, 96, 3], 2, { widthMultiplier: 0.25 }))
    expect(s.deployed).toMatchObject({
      params: 210850,
      weightParams: 208112,
      biasParams: 2738,
      macs: 7489664,
      ops: 31,
    })
    // 27 batch norms over 8 + Σdw channels 1240 + Σpw channels 1488 = 2736 channels, 4 params each
    expect(s.report.params).toBe(210850 + 4 * 2736)
    const stats = graphStats(planModelGraph(buildPreset('mobilenet', [96, 96, 3], 2)))
    expect([
      stats.macsByKind.conv2d,
      stats.macsByKind.depthwiseConv2d,
      stats.macsByKind.fullyConnected,
    ]).toEqual([6690816, 798336, 512])
  })

  it('MobileNet scales every filter count by the width multiplier', () => {
    const half = buildPreset('mobilenet', [96, 96, 3], 2, { widthMultiplier: 0.5 })
    const filters = half.layers.flatMap((l) => (l.type === 'conv2d' ? [l.filters] : []))
    expect(filters).toEqual([16, 32, 64, 64, 128, 128, 256, 256, 256, 256, 256, 256, 512, 512])
  })

  for (const [file, spec] of [
    ['kws_ref_model.tflite', () => buildPreset('ds-cnn', [49, 10, 1], 12)],
    ['vww_96_int8.tflite', () => buildPreset('mobilenet', [96, 96, 3], 2, { widthMultiplier: 0.25 })],
  ] as const) {
    it(`lowers to the same ops and tensor shapes as MLPerf's ${file}`, () => {
      const reference = readTflite(new Uint8Array(readFileSync(join(MLPERF, file))))
      const ours = planModelGraph(spec())
      const describe = (g: typeof ours) =>
        g.ops.map((op) => ({
          kind: op.kind,
          out: g.tensors[op.outputs[0]!]!.shape,
          filter:
            op.kind === 'conv2d' || op.kind === 'depthwiseConv2d' || op.kind === 'fullyConnected'
              ? g.tensors[op.inputs[1]!]!.shape
              : [],
          activation: 'activation' in op ? op.activation : undefined,
        }))
      const theirs = describe(reference).map((o) => ({ ...o, activation: undefined }))
      expect(describe(ours).map((o) => ({ ...o, activation: undefined }))).toEqual(theirs)
    })
  }

  it('refuses a preset for features of the wrong rank, saying which presets fit', () => {
    expect(() => buildPreset('cnn-1d', [33], 5)).toThrow(/needs 2-D features, but these are \[33\]/)
    expect(() => buildPreset('mobilenet', [49, 10], 5)).toThrow(/needs 3-D features/)
    expect(() => buildPreset('dense-mlp', [33], 1)).toThrow(/at least 2 labels/)
  })
})

describe('the preset list outside the core', () => {
  it('names the same presets, in the same order, as the core (help texts and forms read the shared list)', async () => {
    const { STUDENT_PRESETS } = await import('../../../src/shared/api/compress-defaults')
    const { presetIds } = await import('../../../src/core/model/presets')
    expect([...STUDENT_PRESETS]).toEqual(presetIds)
  })
})
