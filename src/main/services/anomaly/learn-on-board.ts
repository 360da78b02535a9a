import {
  anomalyWindows,
  learnOnDevice,
  onDeviceInput,
  onDeviceScore,
  rocAuc,
  rowOf,
  type FeatureTable,
} from '../../../core/anomaly'
import { anomalyFailure } from '../../../core/anomaly/errors'
import type { SerialOpener } from '../serial/serial-port'
import type { FileSystem } from '../system/file-system'
import { ProjectFiles } from '../train/project-files'
import { AnomalyLearnLink } from './learn-link'

/**
 * Learning on a board that runs the learning firmware (docs/anomaly.md): the project's normal fitting windows
 * are sent to the board, which learns them and keeps the model in EEPROM; then the test windows are sent and
 * every score the board answers is compared with the TypeScript model of the board's arithmetic.
 */
export interface OnBoardReport {
  readonly port: string
  readonly learned: number
  readonly tested: number
  /** Scores where the board and the TypeScript model differ (0 expected). */
  readonly mismatches: number
  /** AUC of the board's scores on the tested windows (NaN without both kinds). */
  readonly auc: number
}

export interface LearnOnBoardOptions {
  readonly fs: FileSystem
  readonly opener: SerialOpener
  readonly port: string
  /** Normal windows to learn (default: every fitting window, at most 4096). */
  readonly windows?: number
  /** Test windows to score, evenly picked (default: all). */
  readonly testWindows?: number
}

const picked = (table: FeatureTable, count: number) =>
  Array.from({ length: Math.min(count, table.rows) }, (_, i) =>
    Math.floor((i * table.rows) / Math.min(count, table.rows)),
  )

export async function learnOnBoard(dir: string, options: LearnOnBoardOptions): Promise<OnBoardReport> {
  const files = new ProjectFiles(dir, options.fs)
  const windows = await anomalyWindows(await files.requireDesign(), await files.sampleSource())
  const learn = picked(windows.fit, Math.min(options.windows ?? 4096, 4096)).map((r) =>
    onDeviceInput(rowOf(windows.fit, r)),
  )
  const testRows = picked(windows.test, options.testWindows ?? windows.test.rows)
  const model = learnOnDevice(learn)
  const { link, info } = await AnomalyLearnLink.open(options.opener, options.port)
  try {
    if (info.features !== windows.fit.cols)
      throw anomalyFailure(
        'AnomalyBadData',
        `The board's learning firmware reads ${info.features} features, the project's design gives ${windows.fit.cols}: build the firmware with MOTE_AL_FEATURES=${windows.fit.cols}.`,
      )
    await link.startLearning(learn.length)
    for (const q of learn) await link.sendWindow(q)
    const scores: number[] = []
    let mismatches = 0
    for (const r of testRows) {
      const q = onDeviceInput(rowOf(windows.test, r))
      const answer = await link.sendWindow(q)
      const score = 'score' in answer ? answer.score : Number.NaN
      if (score !== onDeviceScore(model, q)) mismatches++
      scores.push(score)
    }
    const anomalous = testRows.map((r) => windows.testAnomalous[r]!)
    return {
      port: options.port,
      learned: learn.length,
      tested: testRows.length,
      mismatches,
      auc: rocAuc(scores, anomalous),
    }
  } finally {
    await link.close()
  }
}
