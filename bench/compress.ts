/**
 * Compression on the two demo projects: `node bin/run-ts.mjs bench/compress.ts [--only=gestures|keywords]`.
 * Creates each demo project (DemoService, as `mote demo create` does) in a temporary folder, trains it with
 * its design's settings, then makes the variants of the Compress view with the same code as the compress
 * job (runMethod) and measures each on the demo's test split on the reference interpreter. Prints, per demo,
 * the variant table with ratios against the float32 baseline measured in the same run, then the issue's
 * goals: int8 PTQ or QAT within 0.5 percentage points of float, and pruning + clustering + Huffman (+ int8)
 * ≥ 10× smaller weights than float32 within 1 point on gestures. docs/compression.md discusses the figures.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ModelGraph } from '../src/core/model/graph'
import { graphScores } from '../src/core/compress/ptq/run-int8'
import { evaluateGraph, runMethod, sizeMetrics, type MethodInputs } from '../src/core/compress/variants'
import { selectTrainingBackend } from '../src/core/train/backend-choice'
import { prepareData } from '../src/core/train/data-pipeline'
import { runTraining } from '../src/core/train/train-run'
import { DemoService } from '../src/main/services/demo/demo-service'
import { ProjectService } from '../src/main/services/project/project-service'
import { nodeFileSystem } from '../src/main/services/system/file-system'
import { nodeProcessRunner } from '../src/main/services/system/process-runner'
import { ProjectFiles } from '../src/main/services/train/project-files'
import type { CompressMethod, CompressOptions } from '../src/shared/api/compress'

interface Row {
  readonly name: string
  readonly graph: ModelGraph
  readonly flashBytes: number
  readonly seconds: number
  readonly method: CompressMethod | 'float'
  readonly chain?: boolean
}

interface Plan {
  readonly name: string
  readonly method: CompressMethod
  readonly options: CompressOptions
  /** Start from the float weights of this earlier row. */
  readonly from?: string
  readonly chain?: boolean
}

const PLANS: readonly Plan[] = [
  { name: 'int8 PTQ (min/max)', method: 'ptq', options: {} },
  { name: 'int8 PTQ (percentile 99.99)', method: 'ptq', options: { calibration: 'percentile' } },
  { name: 'QAT int8', method: 'qat', options: {} },
  { name: 'pruned 50 % filters + int8', method: 'prune', options: { filters: 0.5 } },
  { name: 'pruned 80 % sparse + int8', method: 'prune', options: { sparsity: 0.8 } },
  { name: 'distilled ×0.5 + int8', method: 'distill', options: {} },
  { name: 'clustered 4-bit + Huffman + int8', method: 'cluster', options: { bits: 4 } },
  {
    name: '80 % sparse → 2-bit clusters + Huffman',
    method: 'cluster',
    options: { bits: 2 },
    from: 'pruned 80 % sparse + int8',
    chain: true,
  },
  {
    name: '50 % filters → 3-bit clusters + Huffman',
    method: 'cluster',
    options: { bits: 3 },
    from: 'pruned 50 % filters + int8',
    chain: true,
  },
]

const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7)
const pct = (x: number) => `${(x * 100).toFixed(2)} %`
const pp = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(2)} pp`

function argmax(scores: Float32Array, classes: number): number[] {
  return Array.from({ length: scores.length / classes }, (_, i) => {
    let best = 0
    for (let c = 1; c < classes; c++) if (scores[i * classes + c]! > scores[i * classes + best]!) best = c
    return best
  })
}

async function demo(kind: 'gestures' | 'keywords', work: string) {
  const dir = join(work, kind)
  const project = new ProjectService({
    fs: nodeFileSystem,
    configDir: join(work, 'config'),
    appVersion: '0.1.0',
  })
  await new DemoService({
    project,
    fs: nodeFileSystem,
    runner: nodeProcessRunner,
    appVersion: '0.1.0',
  }).create(kind, dir)
  const files = new ProjectFiles(dir, nodeFileSystem)
  const design = await files.requireDesign()
  const source = await files.sampleSource()
  const context = { progress: () => undefined, log: () => undefined, cancellation: { aborted: false } }
  const started = Date.now()
  const trained = await runTraining(design, source, { context, backend: 'mote-wasm' })
  console.log(
    `${kind}: trained ${trained.metrics.history.length} epochs in ${((Date.now() - started) / 1000).toFixed(1)} s, TF.js test accuracy ${pct(trained.metrics.test.accuracy)}`,
  )
  const data = await prepareData(design, source)
  return { design, data, graph: trained.graph }
}

async function bench(kind: 'gestures' | 'keywords', work: string): Promise<void> {
  const { design, data, graph } = await demo(kind, work)
  const inputs: MethodInputs = {
    floatGraph: graph,
    spec: design.model,
    data,
    labels: design.labels,
    training: design.training,
  }
  const rows: Row[] = [
    {
      name: 'float32 baseline',
      graph,
      flashBytes: sizeMetrics(graph).weightsFlashBytes,
      seconds: 0,
      method: 'float',
    },
  ]
  const floats = new Map<string, ModelGraph>()
  for (const plan of PLANS) {
    const t0 = Date.now()
    const from = plan.from ? floats.get(plan.from) : undefined
    const outcome = await runMethod(plan.method, plan.options, {
      ...inputs,
      ...(from ? { floatGraph: from } : {}),
    })
    if (outcome.floatGraph) floats.set(plan.name, outcome.floatGraph)
    rows.push({
      name: plan.name,
      graph: outcome.graph,
      flashBytes: sizeMetrics(outcome.graph, outcome.coded).weightsFlashBytes,
      seconds:
        (Date.now() - t0) / 1000 + (plan.from ? (rows.find((r) => r.name === plan.from)?.seconds ?? 0) : 0),
      method: plan.method,
      ...(plan.chain ? { chain: true } : {}),
    })
  }
  const classes = design.labels.length
  const floatPredicted = argmax(graphScores(graph, data.test), classes)
  const floatAccuracy = evaluateGraph(graph, data.test, design.labels).accuracy
  const table = rows.map((r) => {
    const m = sizeMetrics(r.graph)
    const accuracy = evaluateGraph(r.graph, data.test, design.labels).accuracy
    const predicted = argmax(graphScores(r.graph, data.test), classes)
    const agree = predicted.filter((c, i) => c === floatPredicted[i]).length / predicted.length
    return { r, accuracy, change: accuracy - floatAccuracy, agree, m }
  })
  const head = [
    'variant',
    'test acc.',
    'vs float',
    'agrees',
    'params',
    'weights',
    '× smaller',
    'peak RAM',
    'MACs',
    's',
  ]
  const cells = table.map(({ r, accuracy, change, agree, m }) => [
    r.name,
    pct(accuracy),
    r.method === 'float' ? '' : pp(change),
    pct(agree),
    String(m.params),
    `${r.flashBytes} B`,
    `${(rows[0]!.flashBytes / r.flashBytes).toFixed(1)}×`,
    `${m.peakActivationBytes} B`,
    String(m.macs),
    r.seconds.toFixed(1),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (c: string[]) =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')
  console.log(
    `\n${kind}: ${data.test.count} test windows (one window = ${(100 / data.test.count).toFixed(2)} pp), ${classes} classes`,
  )
  console.log(line(head))
  for (const c of cells) console.log(line(c))
  const int8 = table.filter((t) => t.r.method === 'ptq' || t.r.method === 'qat')
  const bestInt8 = int8.reduce((a, b) => (b.change > a.change ? b : a))
  console.log(
    `goal int8 PTQ or QAT ≥ −0.5 pp: best ${bestInt8.r.name} ${pp(bestInt8.change)} → ${bestInt8.change >= -0.005 ? 'met' : 'NOT met'}`,
  )
  const chains = table.filter((t) => t.r.chain && t.change >= -0.01)
  const smallest = chains.reduce<(typeof table)[number] | undefined>(
    (a, b) => (!a || b.r.flashBytes < a.r.flashBytes ? b : a),
    undefined,
  )
  if (smallest) {
    const ratio = rows[0]!.flashBytes / smallest.r.flashBytes
    console.log(
      `goal pruning + clustering + Huffman ≥ 10× within 1 pt: ${smallest.r.name} ${ratio.toFixed(1)}× at ${pp(smallest.change)} → ${ratio >= 10 ? 'met' : 'NOT met'}`,
    )
  } else
    console.log('goal pruning + clustering + Huffman within 1 pt: no chain variant stayed within 1 point')
}

const work = await mkdtemp(join(tmpdir(), 'mote-bench-compress-'))
try {
  const { backend } = await selectTrainingBackend('auto')
  console.log(`backend ${backend}`)
  for (const kind of ['gestures', 'keywords'] as const) if (!only || only === kind) await bench(kind, work)
} finally {
  await rm(work, { recursive: true, force: true })
}
