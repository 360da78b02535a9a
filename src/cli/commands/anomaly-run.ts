import { resolve } from 'node:path'
import {
  type AnomalyReport,
  evaluateAnomalyProject,
  trainAnomalyProject,
} from '../../main/services/anomaly/anomaly-project'
import { nodeFileSystem } from '../../main/services/system/file-system'
import { type Output, UsageError } from '../output'
import type { AnomalyTrainOptions } from './anomaly'

const pct = (x: number) => `${(100 * x).toFixed(1)} %`

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} must be a number, not "${value}".`)
  return n
}

/** The human report: the threshold, then AUC and the rates at the threshold on the test split. */
export function describeAnomalyReport(report: AnomalyReport): string {
  const lines = [
    `detector   ${report.kind}, threshold ${report.threshold.toPrecision(4)} (${pct(report.heldOutFalseAlarmRate)} false alarms on ${report.heldOutWindows} held-out normal windows; fitted on ${report.fitWindows})`,
  ]
  const test = report.test
  if (test === undefined) lines.push('test       no test samples')
  else
    lines.push(
      `test       ${test.windows} windows, ${test.anomalies} anomalous: AUC ${Number.isNaN(test.auc) ? '— (needs normal and anomalous windows)' : test.auc.toFixed(4)}`,
      `at the threshold: ${pct(test.falseAlarmRate)} false alarms, ${pct(test.detectionRate)} of anomalies detected`,
    )
  return lines.join('\n')
}

export async function anomalyTrain(opts: AnomalyTrainOptions, out: Output): Promise<void> {
  const settings = Object.fromEntries(
    Object.entries({
      kind: opts.learner,
      falseAlarmRate: numberOption('false-alarm-rate', opts.falseAlarmRate),
      clusters: numberOption('clusters', opts.clusters),
      shrinkage: numberOption('shrinkage', opts.shrinkage),
      epochs: numberOption('epochs', opts.epochs),
      seed: numberOption('seed', opts.seed),
    }).filter(([, v]) => v !== undefined),
  )
  out.info('Computing features and fitting the detector')
  const report = await trainAnomalyProject(resolve(opts.project), settings, {
    fs: nodeFileSystem,
    ...(opts.normalLabel === undefined ? {} : { normalLabel: opts.normalLabel }),
  })
  out.data(report, () => describeAnomalyReport(report))
}

export async function anomalyEvaluate(
  opts: { project: string; normalLabel?: string },
  out: Output,
): Promise<void> {
  const report = await evaluateAnomalyProject(resolve(opts.project), {
    fs: nodeFileSystem,
    ...(opts.normalLabel === undefined ? {} : { normalLabel: opts.normalLabel }),
  })
  out.data(report, () => describeAnomalyReport(report))
}

export async function anomalyLearnOnBoard(
  opts: { project: string; port: string; windows?: string; testWindows?: string },
  out: Output,
): Promise<void> {
  const { learnOnBoard } = await import('../../main/services/anomaly/learn-on-board')
  const { nodeSerialOpener } = await import('../../main/services/serial/serial-port')
  const windows = numberOption('windows', opts.windows)
  const testWindows = numberOption('test-windows', opts.testWindows)
  out.info(`Sending the normal windows to the board on ${opts.port}`)
  const report = await learnOnBoard(resolve(opts.project), {
    fs: nodeFileSystem,
    opener: nodeSerialOpener,
    port: opts.port,
    ...(windows === undefined ? {} : { windows }),
    ...(testWindows === undefined ? {} : { testWindows }),
  })
  out.data(
    report,
    () =>
      `board      learnt ${report.learned} normal windows (kept in its EEPROM)\ntest       ${report.tested} windows scored on the board: ${report.mismatches} differ from the host's model, AUC ${report.auc.toFixed(4)}`,
  )
}
