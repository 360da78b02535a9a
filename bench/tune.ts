/**
 * Auto-design benchmark (issue 16): `npm run bench tune` or `node bin/run-ts.mjs bench/tune.ts [--minutes=10]
 * [--candidates=27] [--seed=1]`.
 *
 * Creates the gestures demo twice in a temporary folder and runs the tuner's own job code (tune-job.ts, in this
 * process) on each: once for the Arduino Uno within a time limit (the issue's 10 minutes by default), once with
 * no budget at all (the largest board, no time limit) as the baseline measured in the same run. Prints both
 * searches' best candidates — chosen by validation accuracy, reported with their test accuracy — the best test
 * accuracy any unlimited candidate reached, the gap in percentage points, the minutes each search took, and
 * the issue's bars: the Uno's best within 1 pp of the unlimited best, within the time limit.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseTuneBudget, type TuneBudget } from '../src/core/tune/budget'
import { bestCandidate, candidateRows, type CandidateRow } from '../src/core/tune/results'
import { tuneSettingsSchema, type TuneState } from '../src/core/tune/state'
import { DemoService } from '../src/main/services/demo/demo-service'
import { ProjectService } from '../src/main/services/project/project-service'
import { nodeFileSystem } from '../src/main/services/system/file-system'
import { nodeProcessRunner } from '../src/main/services/system/process-runner'
import { TuneFiles } from '../src/main/services/tune/tune-files'
import { tuneJob } from '../src/main/services/tune/tune-job'

function option(name: string, fallback: number): number {
  const text = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
  return text === undefined ? fallback : Number(text)
}

const MINUTES = option('minutes', 10)
const CANDIDATES = option('candidates', 27)
const SEED = option('seed', 1)
const pct = (x: number) => `${(x * 100).toFixed(2)}%`

interface Search {
  readonly name: string
  readonly state: TuneState
  readonly best: CandidateRow
  readonly wallSeconds: number
}

async function search(dir: string, name: string, budget: TuneBudget, minutes?: number): Promise<Search> {
  const settings = tuneSettingsSchema.parse({
    seed: SEED,
    candidates: CANDIDATES,
    ...(minutes === undefined ? {} : { minutes }),
  })
  const started = Date.now()
  let lastLine = ''
  await tuneJob.run(
    { projectDir: dir, budget, settings, fresh: true },
    {
      progress() {},
      log: (line) => {
        lastLine = line
        console.log(`  ${name}: ${line}`)
      },
      cancellation: { aborted: false },
    },
  )
  const state = (await new TuneFiles(dir, nodeFileSystem).read())!
  const best = bestCandidate(state)
  if (best === undefined) throw new Error(`${name}: no trial finished (${lastLine})`)
  return { name, state, best, wallSeconds: (Date.now() - started) / 1000 }
}

function describe(s: Search): string {
  const { candidate, result, rung } = s.best
  const trials = s.state.rungs.reduce((n, r) => n + Object.keys(r.results).length, 0)
  return [
    `${s.name.padEnd(10)} ${s.state.finished ? 'finished' : 'time out'} after ${(s.wallSeconds / 60).toFixed(1)} min, ${trials} trials, ${s.state.candidates.length} candidates (${s.state.rejectedCount} rejected)`,
    `${''.padEnd(10)} best ${candidate.id} (rung ${rung + 1}): validation ${pct(result.accuracy)}, test ${pct(result.testAccuracy)} — ${candidate.summary}`,
    `${''.padEnd(10)} ${(candidate.cost.ramBytes / 1024).toFixed(1)} KB RAM, ${(candidate.cost.flashBytes / 1024).toFixed(1)} KB flash, ${candidate.cost.latencyMs.toFixed(1)} ms estimated on ${s.state.budget.boardId}`,
  ].join('\n')
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'mote-bench-tune-'))
  console.log(
    `${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}; ${CANDIDATES} candidates, seed ${SEED}`,
  )
  const project = new ProjectService({
    fs: nodeFileSystem,
    configDir: join(root, 'config'),
    appVersion: 'bench',
  })
  const demos = new DemoService({
    project,
    fs: nodeFileSystem,
    runner: nodeProcessRunner,
    appVersion: 'bench',
  })
  try {
    const uno = (await demos.create('gestures', join(root, 'uno'))).dir
    const open = (await demos.create('gestures', join(root, 'open'))).dir
    const fitted = await search(uno, 'Uno', parseTuneBudget({ boardId: 'uno' }), MINUTES)
    const unlimited = await search(open, 'unlimited', parseTuneBudget({ boardId: 'nucleo-l4r5zi' }))
    const bestAny = Math.max(...candidateRows(unlimited.state).map((r) => r.result.testAccuracy))
    const gapPp = (bestAny - fitted.best.result.testAccuracy) * 100
    const gapBestPp = (unlimited.best.result.testAccuracy - fitted.best.result.testAccuracy) * 100
    console.log('')
    console.log(describe(fitted))
    console.log(describe(unlimited))
    console.log(`best test accuracy of any unlimited candidate: ${pct(bestAny)}`)
    console.log(
      `gap: ${gapPp.toFixed(2)} pp to the best of any candidate, ${gapBestPp.toFixed(2)} pp to the unlimited search's pick`,
    )
    const inTime = fitted.wallSeconds <= MINUTES * 60 + 60
    console.log(
      `bar: within 1 pp — ${gapPp <= 1 ? 'met' : 'NOT met'}; Uno search within ${MINUTES} min (+ the trial running at the limit) — ${inTime ? 'met' : 'NOT met'}`,
    )
    if (gapPp > 1 || !inTime) process.exitCode = 1
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

await main()
