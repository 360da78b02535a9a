/**
 * Good models from little data (issue 14): `npm run bench little-data [-- --per-word=30
 *   --only=check,keywords,gestures --keywords=suggested,transfer]`.
 *
 * 1. check: the unmodified MLPerf Tiny KWS DS-CNN (resources/models/mlperf-tiny, int8, reference interpreter)
 *    on "yes", "no", "up", "down" spoken like the keywords demo, through the KWS MFCC block: how often its
 *    top label is the word (a check that the block computes the features it was trained on; chance 1/12).
 * 2. keywords: a new 8-word set (bench/little-data/speech-set.ts: voices, speeds, pitches and noise the demo
 *    does not use), `--per-word` training clips and 15 test clips per word, trained (a) with the design the
 *    studio suggests and (b) with the frozen KWS backbone and a new head (transfer learning).
 * 3. gestures: the gestures generator with 4 training recordings (20 windows) per class, the suggested design
 *    without and with augmentation (rotation, scaling, time warping, shift, jitter).
 * Prints per case: float and int8 test accuracy (int8: the whole int8 graph on the reference interpreter, as
 * the board runs it), training seconds and int8 weight bytes, against the bars.
 */
import { loadavg } from 'node:os'
import { readTflite } from '../src/core/codegen/tflite/reader'
import { postTrainingQuantize } from '../src/core/compress/ptq/ptq'
import { graphScores } from '../src/core/compress/ptq/run-int8'
import { evaluateGraph } from '../src/core/compress/variants/evaluate'
import type { SampleMeta } from '../src/core/dataset/sample'
import { GESTURE_AXES, GESTURE_RATE_HZ, generateGestureDataset } from '../src/core/demo/gestures'
import type { ModelGraph } from '../src/core/model/graph'
import { selectTrainingBackend } from '../src/core/train/backend-choice'
import { prepareData, prepareTestSet, type SampleSource } from '../src/core/train/data-pipeline'
import type { ProjectDesign } from '../src/core/train/design'
import { PRETRAINED_MODELS, pretrainedHead } from '../src/core/train/pretrained'
import { trainSettingsSchema } from '../src/core/train/settings'
import { suggestDesign } from '../src/core/train/suggest'
import type { FrozenBackbone } from '../src/core/train/train-inputs'
import { runTraining } from '../src/core/train/train-run'
import { createFrozenBackbone } from '../src/core/transfer/frozen-backbone'
import { mlperfTinyBytes } from '../test/fixtures/mlperf-tiny'
import { makeSpeechSet } from './little-data/speech-set'

const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const perWord = Number(option('per-word') ?? 30)
const only = (option('only') ?? 'check,keywords,gestures').split(',')
/** Which keywords cases: the suggested design, transfer from the KWS backbone, or both. */
const keywordCases = (option('keywords') ?? 'suggested,transfer').split(',')
const pct = (x: number) => `${(100 * x).toFixed(1)} %`
const kws = PRETRAINED_MODELS['mlperf-kws']
const kwsGraph = () => readTflite(mlperfTinyBytes(kws.file))

const quiet = {
  progress() {},
  log(line: string) {
    if (/^Epoch/.test(line) && process.env.BENCH_VERBOSE) console.error(line)
  },
  cancellation: { aborted: false },
}

function weightBytes(graph: ModelGraph): number {
  return graph.tensors.reduce((sum, t) => sum + (t.data ? t.data.byteLength : 0), 0)
}

interface CaseResult {
  readonly name: string
  readonly float: number
  readonly int8: number
  readonly seconds: number
  readonly bytes: number
}

async function trainCase(
  name: string,
  design: ProjectDesign,
  source: SampleSource,
  backbone?: FrozenBackbone,
): Promise<CaseResult> {
  const { backend } = await selectTrainingBackend('auto')
  const started = Date.now()
  const outcome = await runTraining(design, source, {
    context: quiet,
    backend,
    ...(backbone ? { backbone } : {}),
  })
  const seconds = (Date.now() - started) / 1000
  const int8Graph =
    outcome.int8Graph ??
    postTrainingQuantize(outcome.graph, (await prepareData(design, source)).train, design.labels).graph
  const test = await prepareTestSet(design, source)
  const int8 = evaluateGraph(int8Graph, test, design.labels).accuracy
  const result = { name, float: outcome.metrics.test.accuracy, int8, seconds, bytes: weightBytes(int8Graph) }
  console.log(
    `${name.padEnd(44)} float ${pct(result.float).padStart(7)}  int8 ${pct(int8).padStart(7)}  train ${seconds.toFixed(0).padStart(4)} s  int8 weights ${(result.bytes / 1024).toFixed(1)} KiB`,
  )
  return result
}

async function checkBackbone(): Promise<void> {
  const words = ['yes', 'no', 'up', 'down']
  const set = await makeSpeechSet(0, 10, { words, demoVoices: true, seed: 77 })
  const design = { ...suggestDesign(set.source.samples), features: kws.features, labels: words }
  const features = await prepareTestSet(design, set.source)
  const scores = graphScores(kwsGraph(), features)
  let right = 0
  for (let w = 0; w < features.count; w++) {
    const row = scores.subarray(w * kws.labels.length, (w + 1) * kws.labels.length)
    const top = row.indexOf(Math.max(...row))
    if (kws.labels[top] === words[features.labels[w]!]) right++
  }
  console.log(
    `unmodified KWS DS-CNN on demo-voiced yes/no/up/down: ${right} of ${features.count} top-1 right (${pct(right / features.count)}; chance 8.3 %)`,
  )
}

async function keywords(): Promise<CaseResult[]> {
  const set = await makeSpeechSet(perWord, 15)
  console.log(`keywords: ${perWord} training + 15 test clips × 8 words made in ${set.seconds.toFixed(0)} s`)
  const suggested = suggestDesign(set.source.samples)
  const results = keywordCases.includes('suggested')
    ? [await trainCase(`suggested design, ${perWord}/word`, suggested, set.source)]
    : []
  if (!keywordCases.includes('transfer')) return results
  const transfer: ProjectDesign = {
    ...suggested,
    features: kws.features,
    pretrained: { model: kws.id },
    preset: '',
    model: pretrainedHead(kws, suggested.labels.length),
    training: trainSettingsSchema.parse({
      epochs: 200,
      learningRate: 0.01,
      earlyStopping: { patience: 30 },
      augmentation: { copies: 2, redrawEpochs: 20, timeShiftMs: 100, gainDb: 6, noise: 0.05 },
    }),
  }
  const backbone = createFrozenBackbone(kwsGraph(), kws)
  results.push(await trainCase(`KWS backbone + new head, ${perWord}/word`, transfer, set.source, backbone))
  return results
}

function gestureSource(): SampleSource {
  const recordings = generateGestureDataset({ seed: 41, perLabel: 8, testPerLabel: 4, durationS: 4 })
  const samples: SampleMeta[] = recordings.map((r) => ({
    id: `g-${r.label}-${r.index}`,
    kind: 'timeseries',
    label: r.label,
    category: r.category,
    rateHz: GESTURE_RATE_HZ,
    axes: GESTURE_AXES.map((name) => ({ name, unit: 'm/s²' })),
    length: r.values.length / 3,
    source: 'bench',
    createdAt: '2026-12-07T00:00:00.000Z',
  }))
  const values = new Map(samples.map((s, i) => [s.id, recordings[i]!.values]))
  return { samples, load: async (id) => values.get(id)! }
}

async function gestures(): Promise<CaseResult[]> {
  const source = gestureSource()
  const design = suggestDesign(source.samples)
  const augmented = {
    ...design,
    training: trainSettingsSchema.parse({
      ...design.training,
      augmentation: { copies: 4, rotationDeg: 15, scale: 0.1, timeWarp: 0.1, timeShiftMs: 250, noise: 0.05 },
    }),
  }
  return [
    await trainCase('gestures 20 windows/class, no augmentation', design, source),
    await trainCase('gestures 20 windows/class, augmentation', augmented, source),
  ]
}

console.log(`load average ${loadavg()[0]!.toFixed(1)}`)
if (only.includes('check')) await checkBackbone()
const results = [
  ...(only.includes('keywords') ? await keywords() : []),
  ...(only.includes('gestures') ? await gestures() : []),
]
const bars: [string, number][] = [
  ['KWS backbone + new head, 30/word', 0.8],
  ['KWS backbone + new head, 60/word', 0.9],
  ['gestures 20 windows/class, augmentation', 0.9],
]
for (const [name, bar] of bars) {
  const r = results.find((x) => x.name === name)
  if (r)
    console.log(
      `${name}: ${pct(r.float)} float (goal ≥ ${pct(bar)}: ${r.float >= bar ? 'met' : 'NOT met'}); int8 − float ${((r.int8 - r.float) * 100).toFixed(1)} pp (goal within 1 pp: ${Math.abs(r.int8 - r.float) <= 0.01 ? 'met' : 'NOT met'})`,
    )
}
