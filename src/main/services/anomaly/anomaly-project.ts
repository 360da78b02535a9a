import { join } from 'node:path'
import {
  type AnomalyDetector,
  type AnomalyEvaluation,
  type AnomalySettings,
  anomalyWindows,
  evaluateDetector,
  fitDetector,
  parseAnomalyModel,
  parseAnomalySettings,
} from '../../../core/anomaly'
import { anomalyFailure } from '../../../core/anomaly/errors'
import { atomicWriteJson } from '../system/atomic-write'
import { isNotFound, type FileSystem } from '../system/file-system'
import { ProjectFiles } from '../train/project-files'

/**
 * Anomaly detection on a project folder (docs/anomaly.md): fit a detector on the normal training samples'
 * windows (the design's features), keep it in `anomaly/detector.json` (written atomically, so a crash leaves
 * the old one), and evaluate it on the test split. Used by `mote anomaly` and the bench.
 */
export const DETECTOR_FILE = join('anomaly', 'detector.json')
const DETECTOR_VERSION = 1

export interface AnomalyReport {
  readonly kind: AnomalySettings['kind']
  readonly threshold: number
  readonly fitWindows: number
  readonly heldOutWindows: number
  readonly heldOutFalseAlarmRate: number
  /** Absent when the project has no test samples. */
  readonly test?: Omit<AnomalyEvaluation, 'scores'>
}

export interface AnomalyProjectOptions {
  readonly fs: FileSystem
  readonly normalLabel?: string
}

export async function trainAnomalyProject(
  dir: string,
  settingsInput: unknown,
  options: AnomalyProjectOptions,
): Promise<AnomalyReport> {
  const settings = parseAnomalySettings(settingsInput)
  const files = new ProjectFiles(dir, options.fs)
  const windows = await anomalyWindows(await files.requireDesign(), await files.sampleSource(), {
    seed: settings.seed,
    ...(options.normalLabel === undefined ? {} : { normalLabel: options.normalLabel }),
  })
  const detector = fitDetector(settings, windows.fit, windows.heldOut)
  await options.fs.mkdir(join(dir, 'anomaly'), { recursive: true })
  await atomicWriteJson(options.fs, join(dir, DETECTOR_FILE), { version: DETECTOR_VERSION, ...detector })
  const test =
    windows.test.rows > 0 ? evaluateDetector(detector, windows.test, windows.testAnomalous) : undefined
  return report(detector, windows.fit.rows, windows.heldOut.rows, test)
}

export async function evaluateAnomalyProject(
  dir: string,
  options: AnomalyProjectOptions,
): Promise<AnomalyReport> {
  const detector = await readDetector(dir, options.fs)
  const files = new ProjectFiles(dir, options.fs)
  const windows = await anomalyWindows(await files.requireDesign(), await files.sampleSource(), {
    seed: detector.settings.seed,
    ...(options.normalLabel === undefined ? {} : { normalLabel: options.normalLabel }),
  })
  if (windows.test.rows === 0)
    throw anomalyFailure('AnomalyBadData', 'The project has no test samples to evaluate the detector on.')
  const test = evaluateDetector(detector, windows.test, windows.testAnomalous)
  return report(detector, windows.fit.rows, windows.heldOut.rows, test)
}

export async function readDetector(dir: string, fs: FileSystem): Promise<AnomalyDetector> {
  let text: string
  try {
    text = await fs.readFile(join(dir, DETECTOR_FILE), 'utf8')
  } catch (error) {
    if (isNotFound(error))
      throw anomalyFailure(
        'AnomalyNoModel',
        `${dir} has no anomaly detector yet: run \`mote anomaly train --project ${dir}\` first.`,
      )
    throw error
  }
  let json: {
    version?: unknown
    settings?: unknown
    model?: unknown
    threshold?: unknown
    heldOutFalseAlarmRate?: unknown
  }
  try {
    json = JSON.parse(text) as typeof json
  } catch (error) {
    throw anomalyFailure(
      'AnomalyModelDamaged',
      `${DETECTOR_FILE} is not valid JSON (${(error as Error).message}). Train the detector again.`,
    )
  }
  if (
    json.version !== DETECTOR_VERSION ||
    typeof json.threshold !== 'number' ||
    !Number.isFinite(json.threshold)
  )
    throw anomalyFailure(
      'AnomalyModelDamaged',
      `${DETECTOR_FILE} is not a version ${DETECTOR_VERSION} detector with a threshold. Train it again.`,
    )
  return {
    settings: parseAnomalySettings(json.settings),
    model: parseAnomalyModel(json.model),
    threshold: json.threshold,
    heldOutFalseAlarmRate:
      typeof json.heldOutFalseAlarmRate === 'number' ? json.heldOutFalseAlarmRate : Number.NaN,
  }
}

function report(
  detector: AnomalyDetector,
  fitWindows: number,
  heldOutWindows: number,
  evaluation: AnomalyEvaluation | undefined,
): AnomalyReport {
  const test = evaluation === undefined ? undefined : (({ scores: _scores, ...rest }) => rest)(evaluation)
  return {
    kind: detector.settings.kind,
    threshold: detector.threshold,
    fitWindows,
    heldOutWindows,
    heldOutFalseAlarmRate: detector.heldOutFalseAlarmRate,
    ...(test === undefined ? {} : { test }),
  }
}
