/**
 * Demo training benchmark: `node bin/run-ts.mjs bench/train.ts [--only=gestures|keywords] [--cpu-epochs=N]
 * [--skip-cpu]`.
 *
 * Creates both demo projects (`mote demo create`'s code: gestures from the generator, keywords with espeak-ng
 * and sox) in a temporary folder, then trains each with its own design — the settings a user gets, early
 * stopping included — once on our fast kernels (`mote-wasm`) and once on stock tfjs-cpu, same data, seed and
 * settings, in this process. Prints per demo and backend: test accuracy, epochs run, seconds per epoch (the
 * mean of the epochs after the first, which carries warm-up), fit seconds and the whole run's seconds; then
 * the speed-up (stock seconds per epoch / ours) and the bars: gestures ≥ 95 %, keywords ≥ 85 % test accuracy
 * (on our backend). With --cpu-epochs=N the stock run stops after N epochs: its per-epoch time still gives the
 * ratio, but its accuracy is not comparable and is printed as such.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { selectTrainingBackend } from '../src/core/train/backend-choice'
import { runTraining, type TrainOutcome } from '../src/core/train/train-run'
import { DemoService } from '../src/main/services/demo/demo-service'
import { ProjectService } from '../src/main/services/project/project-service'
import { nodeFileSystem } from '../src/main/services/system/file-system'
import { nodeProcessRunner } from '../src/main/services/system/process-runner'
import { ProjectFiles } from '../src/main/services/train/project-files'

const BARS = { gestures: 0.95, keywords: 0.85 } as const
type Demo = keyof typeof BARS

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
}

interface Run {
  readonly backend: string
  readonly outcome: TrainOutcome
  readonly secondsPerEpoch: number
}

function perEpoch(outcome: TrainOutcome): number {
  const seconds = outcome.metrics.history.map((h) => h.seconds)
  const timed = seconds.length > 1 ? seconds.slice(1) : seconds
  return timed.reduce((a, b) => a + b, 0) / timed.length
}

async function train(dir: string, backend: 'fast' | 'cpu', epochs?: number): Promise<Run> {
  const files = new ProjectFiles(dir, nodeFileSystem)
  const design = await files.requireDesign()
  const source = await files.sampleSource()
  const chosen = await selectTrainingBackend(backend)
  const outcome = await runTraining(design, source, {
    backend: chosen.backend,
    context: { progress() {}, log() {}, cancellation: { aborted: false } },
    ...(epochs === undefined ? {} : { epochs }),
  })
  return { backend: chosen.backend, outcome, secondsPerEpoch: perEpoch(outcome) }
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`

function row(demo: string, run: Run, note = ''): string {
  const m = run.outcome.metrics
  return [
    demo.padEnd(9),
    run.backend.padEnd(10),
    pct(m.test.accuracy).padStart(8),
    String(m.history.length).padStart(7),
    run.secondsPerEpoch.toFixed(3).padStart(10),
    m.fitSeconds.toFixed(1).padStart(8),
    m.seconds.toFixed(1).padStart(8),
    note,
  ].join('  ')
}

async function main(): Promise<void> {
  const only = option('only') as Demo | undefined
  const cpuEpochs = option('cpu-epochs') === undefined ? undefined : Number(option('cpu-epochs'))
  const skipCpu = process.argv.includes('--skip-cpu')
  const demos: Demo[] = only ? [only] : ['gestures', 'keywords']
  console.log(
    `bench/train: ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
  const root = await mkdtemp(join(tmpdir(), 'mote-bench-train-'))
  const project = new ProjectService({
    fs: nodeFileSystem,
    configDir: join(root, 'config'),
    appVersion: 'bench',
  })
  const demoService = new DemoService({
    project,
    fs: nodeFileSystem,
    runner: nodeProcessRunner,
    appVersion: 'bench',
  })
  const failures: string[] = []
  try {
    const lines: string[] = []
    for (const demo of demos) {
      const started = Date.now()
      const summary = await demoService.create(demo, join(root, demo))
      const createSeconds = (Date.now() - started) / 1000
      console.log(`${demo}: demo created in ${createSeconds.toFixed(1)} s`)
      const fast = await train(summary.dir, 'fast')
      console.log(row(demo, fast))
      lines.push(row(demo, fast))
      if (fast.outcome.metrics.test.accuracy < BARS[demo])
        failures.push(`${demo}: ${pct(fast.outcome.metrics.test.accuracy)} < ${pct(BARS[demo])}`)
      if (skipCpu) continue
      const stock = await train(summary.dir, 'cpu', cpuEpochs)
      const limited = cpuEpochs !== undefined
      console.log(
        row(demo, stock, limited ? `(stopped after ${cpuEpochs} epochs: accuracy not comparable)` : ''),
      )
      lines.push(row(demo, stock, limited ? '(limited run)' : ''))
      const speedUp = stock.secondsPerEpoch / fast.secondsPerEpoch
      const accuracyGap =
        Math.abs(stock.outcome.metrics.test.accuracy - fast.outcome.metrics.test.accuracy) * 100
      const line =
        `${demo}: speed-up ×${speedUp.toFixed(1)} per epoch (stock ${stock.secondsPerEpoch.toFixed(3)} s, ours ${fast.secondsPerEpoch.toFixed(3)} s)` +
        (limited
          ? ''
          : `, accuracy gap ${accuracyGap.toFixed(2)} points, fit ${stock.outcome.metrics.fitSeconds.toFixed(1)} s → ${fast.outcome.metrics.fitSeconds.toFixed(1)} s`)
      console.log(line)
      lines.push(line)
    }
    console.log('\ndemo       backend    accuracy  epochs  s/epoch    fit s   total s')
    for (const line of lines) console.log(line)
    console.log(
      failures.length === 0
        ? '\nbars met: gestures ≥ 95 %, keywords ≥ 85 % test accuracy'
        : `\nBARS MISSED: ${failures.join('; ')}`,
    )
  } finally {
    await project.close()
    await rm(root, { recursive: true, force: true })
  }
  if (failures.length > 0) process.exitCode = 1
}

await main()
