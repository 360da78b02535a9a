/** `mote tune`'s work, loaded by commands/tune.ts only when the command runs (the CLI starts fast). */
import { resolve } from 'node:path'
import { formatBytes } from '../../core/boards/estimate'
import { budgetBoard, parseTuneBudget, type TuneBudget } from '../../core/tune/budget'
import { tuneSettingsSchema, type TuneSettings } from '../../core/tune/state'
import type { TuneReport, TuneRow } from '../../shared/api/tune'
import { createCliServices } from '../cli-services'
import { followJob, openForTraining } from '../follow-job'
import { UsageError, type Output } from '../output'

export interface TuneCliOptions {
  project: string
  board: string
  ram?: string
  flash?: string
  latencyMs?: string
  energyUj?: string
  objective: string
  minutes?: string
  candidates: string
  epochs?: string
  seed: string
  float32?: boolean
  fresh?: boolean
  json?: boolean
}

function positive(flag: string, value: string | undefined, integer = false): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new UsageError(`${flag} must be a positive ${integer ? 'whole ' : ''}number, not "${value}".`)
  return n
}

function budgetOf(o: TuneCliOptions): TuneBudget {
  if (!['latency', 'energy', 'ram', 'flash'].includes(o.objective))
    throw new UsageError(`--objective must be latency, energy, ram or flash, not "${o.objective}".`)
  const kb = (flag: string, v: string | undefined) => {
    const n = positive(flag, v)
    return n === undefined ? undefined : n * 1024
  }
  const fields = {
    boardId: o.board,
    ramBytes: kb('--ram', o.ram),
    flashBytes: kb('--flash', o.flash),
    latencyMs: positive('--latency-ms', o.latencyMs),
    microjoulesPerInference: positive('--energy-uj', o.energyUj),
    objective: o.objective,
  }
  const budget = parseTuneBudget(
    Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
  )
  budgetBoard(budget)
  return budget
}

function settingsOf(o: TuneCliOptions): TuneSettings {
  const seed = Number(o.seed)
  if (!Number.isInteger(seed) || seed < 0)
    throw new UsageError(`--seed must be a whole number ≥ 0, not "${o.seed}".`)
  const minutes = positive('--minutes', o.minutes)
  const maxEpochs = positive('--epochs', o.epochs, true)
  return tuneSettingsSchema.parse({
    seed,
    candidates: positive('--candidates', o.candidates, true),
    compressions: o.float32 ? ['int8', 'float32'] : ['int8'],
    ...(minutes === undefined ? {} : { minutes }),
    ...(maxEpochs === undefined ? {} : { maxEpochs }),
  })
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`

function tableRow(r: TuneRow): string {
  const accuracy = r.error ? 'failed' : `${pct(r.accuracy)} / ${pct(r.testAccuracy)}`
  return [
    (r.onFront ? '*' : ' ') + r.id,
    `R${r.rung}`.padEnd(4),
    accuracy.padStart(15),
    `${r.latencyMs.toFixed(1)} ms`.padStart(9),
    formatBytes(r.ramBytes).padStart(8),
    formatBytes(r.flashBytes).padStart(8),
    r.summary,
  ].join('  ')
}

/** The report as text: the plan, the table (front marked *), the best candidate. */
export function describeTuneReport(report: TuneReport): string {
  const status = report.finished ? 'finished' : 'stopped'
  const lines = [
    `search     ${status}: ${report.trialsDone} of ${report.trialsPlanned} trials, ${report.elapsedSeconds.toFixed(0)} s; rungs of ${report.plan.join(', ')} epochs`,
    `candidates ${report.candidates} fit the budget on ${report.boardId}; ${report.rejected} designs rejected by the estimator`,
    '',
    `  id  rung    val / test acc    latency       RAM     flash  design   (* Pareto front, ${report.objective})`,
    ...report.rows.map(tableRow),
  ]
  const best = report.rows[0]
  if (best) lines.push('', `best       ${best.id}: ${best.summary}`)
  return lines.join('\n')
}

export async function runTune(o: TuneCliOptions, out: Output): Promise<void> {
  const budget = budgetOf(o)
  const settings = settingsOf(o)
  const services = createCliServices()
  try {
    await openForTraining(services, resolve(o.project), out)
    const job = await services.tune.start({ budget, settings, fresh: Boolean(o.fresh) })
    await followJob(services, job, out)
    const report = (await services.tune.status()).report
    if (report === null) throw new UsageError('The search stored no results.')
    out.data(report, () => describeTuneReport(report))
  } finally {
    await services.dispose()
  }
}
