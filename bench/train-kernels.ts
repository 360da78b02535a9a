/**
 * Training-kernel benchmark: `npx tsx bench/train-kernels.ts [--only=cnn1d,ds-cnn] [--train=N] [--epochs=E]`.
 *
 * For each preset (bench/train-kernels/presets.ts) it trains the same model — same seeded initial weights,
 * same synthetic data, same epochs, batch 32, Adam 0.01, no shuffling — once on stock tfjs-cpu and once on
 * our `mote-wasm` backend, in this process, then prints per backend the measured seconds per epoch (the mean
 * of the epochs after the first, which carries JIT warm-up; the only epoch if there is one), the speed-up,
 * the test accuracy of each trained model and the largest difference between their final weights.
 * Nothing is extrapolated: every figure is a full training run on both backends. The default sizes are small
 * so that the whole run takes a few minutes on a 2-core machine (stock DS-CNN needs ~14 s per batch).
 */
import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import type * as tfl from '@tensorflow/tfjs-layers'
import { cpus, loadavg } from 'node:os'
import { fastBackendName, useFastBackend } from '../src/core/train/kernels'
import { type Preset, presets } from './train-kernels/presets'
import { type Dataset } from './train-kernels/synthetic-data'

interface RunResult {
  readonly secondsPerEpoch: number
  readonly accuracy: number
  readonly weights: Float32Array[]
}

const batchSize = 32

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
}

function tensors(data: Dataset): { x: tf.Tensor; y: tf.Tensor } {
  const x = tf.tensor(data.x, [data.labels.length, ...data.shape])
  const y = tf.oneHot(tf.tensor1d(data.labels, 'int32'), data.classes)
  return { x, y }
}

function accuracy(model: tfl.Sequential, test: Dataset): number {
  const { x } = tensors(test)
  const predicted = tf.tidy(() => tf.argMax(model.predict(x, { batchSize: 64 }) as tf.Tensor, -1).dataSync())
  x.dispose()
  let right = 0
  predicted.forEach((p, i) => (right += p === test.labels[i] ? 1 : 0))
  return (100 * right) / test.labels.length
}

async function train(backend: string, preset: Preset, trainSet: Dataset, testSet: Dataset, epochs: number) {
  await tf.setBackend(backend)
  const model = preset.build()
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' })
  const { x, y } = tensors(trainSet)
  const seconds: number[] = []
  for (let e = 0; e < epochs; e++) {
    const start = performance.now()
    await model.fit(x, y, { epochs: 1, batchSize, shuffle: false, verbose: 0, yieldEvery: 'never' })
    seconds.push((performance.now() - start) / 1000)
  }
  const timed = seconds.length > 1 ? seconds.slice(1) : seconds
  const result: RunResult = {
    secondsPerEpoch: timed.reduce((a, b) => a + b, 0) / timed.length,
    accuracy: accuracy(model, testSet),
    weights: model.getWeights().map((w) => w.dataSync() as Float32Array),
  }
  tf.dispose([x, y])
  model.dispose()
  return result
}

function maxWeightDifference(a: Float32Array[], b: Float32Array[]): number {
  let max = 0
  a.forEach((w, i) => w.forEach((v, j) => (max = Math.max(max, Math.abs(v - (b[i]?.[j] ?? NaN))))))
  return max
}

function row(cells: (string | number)[]): string {
  const widths = [10, 14, 11, 11, 9, 9, 9, 7, 9]
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 8)).join(' ')
}

async function main(): Promise<void> {
  await useFastBackend()
  const only = option('only')?.split(',')
  const chosen = presets.filter((p) => !only || only.includes(p.name))
  const cpu = cpus()[0]?.model ?? 'unknown cpu'
  console.log(`training-kernel benchmark — ${cpus().length} cores (${cpu}), load ${loadavg()[0]?.toFixed(2)}`)
  console.log(
    `tfjs ${tf.version_core}; stock = tfjs-cpu, ours = ${fastBackendName}; batch ${batchSize}, Adam 0.01\n`,
  )
  console.log(
    row([
      'preset',
      'train×epochs',
      'stock s/ep',
      'ours s/ep',
      'speed-up',
      'acc stock',
      'acc ours',
      'Δ acc',
      'max |Δw|',
    ]),
  )
  const summary: { preset: Preset; ratio: number; delta: number }[] = []
  for (const preset of chosen) {
    const trainCount = Number(option('train') ?? preset.trainCount)
    const epochs = Number(option('epochs') ?? preset.epochs)
    const trainSet = preset.data(trainCount, 1)
    const testSet = preset.data(preset.testCount, 2)
    const stock = await train('cpu', preset, trainSet, testSet, epochs)
    const ours = await train(fastBackendName, preset, trainSet, testSet, epochs)
    const ratio = stock.secondsPerEpoch / ours.secondsPerEpoch
    const delta = ours.accuracy - stock.accuracy
    summary.push({ preset, ratio, delta })
    console.log(
      row([
        preset.name,
        `${trainCount}×${epochs}`,
        stock.secondsPerEpoch.toFixed(3),
        ours.secondsPerEpoch.toFixed(3),
        `${ratio.toFixed(1)}×`,
        stock.accuracy.toFixed(1),
        ours.accuracy.toFixed(1),
        delta.toFixed(1),
        maxWeightDifference(stock.weights, ours.weights).toExponential(1),
      ]),
    )
  }
  const conv = summary.filter((s) => s.preset.conv)
  if (conv.length > 0) {
    const worst = Math.min(...conv.map((s) => s.ratio))
    const worstDelta = Math.max(...summary.map((s) => Math.abs(s.delta)))
    console.log(
      `\nslowest conv speed-up ${worst.toFixed(1)}× (goal ≥ 10×); largest |Δ accuracy| ${worstDelta.toFixed(1)} points (goal ≤ 1)`,
    )
  }
}

await main()
