import * as tfl from '@tensorflow/tfjs-layers'
import { beforeAll, describe, expect, it } from 'vitest'
import { bitEqual, ours, prng, setUp, stock, tf } from './helpers'

beforeAll(setUp)

/**
 * A small net touching every kernel family: conv, batch norm, depthwise, pooling, dense. Seeded weights.
 * The conv has no bias: before batch norm its true gradient is 0, so on any backend it is rounding noise,
 * which Adam's normalisation turns into ±learning-rate steps that differ between backends.
 */
function buildModel(): tfl.Sequential {
  let seed = 7
  const init = () => tfl.initializers.glorotUniform({ seed: seed++ })
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [8, 8, 2],
        filters: 6,
        kernelSize: 3,
        padding: 'same',
        useBias: false,
        kernelInitializer: init(),
      }),
      tfl.layers.batchNormalization({ momentum: 0.5 }),
      tfl.layers.reLU({ maxValue: 6 }),
      tfl.layers.depthwiseConv2d({
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        depthwiseInitializer: init(),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init() }),
    ],
  })
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' })
  return model
}

function data(): { x: tf.Tensor; y: tf.Tensor } {
  const rand = prng(3)
  const x = tf.tensor4d(
    Float32Array.from({ length: 24 * 8 * 8 * 2 }, () => rand() * 2 - 1),
    [24, 8, 8, 2],
  )
  const y = tf.oneHot(
    tf.tensor1d(
      Int32Array.from({ length: 24 }, () => Math.floor(rand() * 3)),
      'int32',
    ),
    3,
  )
  return { x, y }
}

/** Trains a fresh model for 3 epochs on `backend` (no shuffling: fit's shuffle uses Math.random). */
async function trainedWeights(backend: string): Promise<Float32Array[]> {
  await tf.setBackend(backend)
  const model = buildModel()
  const { x, y } = data()
  await model.fit(x, y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 })
  const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()))
  tf.dispose([x, y])
  model.dispose()
  return weights
}

describe('training on the mote-wasm backend', () => {
  it('produces bit-identical weights when the same seeded model is trained twice', async () => {
    const first = await trainedWeights(ours)
    const second = await trainedWeights(ours)
    expect(first.length).toBeGreaterThan(0)
    first.forEach((w, i) => expect(bitEqual(w, second[i]!), `weight ${i}`).toBe(true))
  })

  it('ends 9 Adam steps within 1e-5 of the weights stock tfjs-cpu reaches', async () => {
    const fast = await trainedWeights(ours)
    const slow = await trainedWeights(stock)
    let worst = 0
    fast.forEach((w, i) => w.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - slow[i]![j]!)))))
    expect(worst).toBeLessThan(1e-5)
  })

  it('saves a model trained on mote-wasm that tfjs-cpu loads and runs to the same predictions', async () => {
    await tf.setBackend(ours)
    const model = buildModel()
    const { x, y } = data()
    await model.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 })
    const before = Float32Array.from((model.predict(x) as tf.Tensor).dataSync())
    let saved: tf.io.ModelArtifacts | undefined
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
      }),
    )
    await tf.setBackend(stock)
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!))
    const after = (loaded.predict(x) as tf.Tensor).dataSync()
    before.forEach((v, i) => expect(Math.abs(v - after[i]!)).toBeLessThan(1e-5))
  })
})
