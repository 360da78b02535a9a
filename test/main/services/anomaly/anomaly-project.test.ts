import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  DETECTOR_FILE,
  evaluateAnomalyProject,
  readDetector,
  trainAnomalyProject,
} from '../../../../src/main/services/anomaly/anomaly-project'
import { DemoService } from '../../../../src/main/services/demo/demo-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'
import { TrainErrorCode } from '../../../../src/shared/api/train'

let dir: string
const options = { fs: nodeFileSystem }

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'mote-anomaly-project-'))
  const project = new ProjectService({
    fs: nodeFileSystem,
    configDir: join(root, 'config'),
    appVersion: '0.0.0',
  })
  const demo = new DemoService({
    project,
    fs: nodeFileSystem,
    runner: nodeProcessRunner,
    appVersion: '0.0.0',
  })
  dir = (await demo.create('vibration', join(root, 'vibration'))).dir
}, 60_000)

describe('anomaly detection on a project folder', () => {
  it('says there is no detector before training', async () => {
    await expect(evaluateAnomalyProject(dir, options)).rejects.toMatchObject({
      code: TrainErrorCode.AnomalyNoModel,
      message: expect.stringMatching(/mote anomaly train --project/),
    })
  })

  it('fits the vibration demo’s normal windows, keeps the detector and finds the faults (AUC ≥ 0.95)', async () => {
    const trained = await trainAnomalyProject(dir, { kind: 'gaussian', falseAlarmRate: 0.05 }, options)
    expect(trained).toMatchObject({ kind: 'gaussian', fitWindows: 378, heldOutWindows: 126 })
    expect(trained.heldOutFalseAlarmRate).toBeLessThanOrEqual(0.05)
    expect(trained.test!.auc).toBeGreaterThanOrEqual(0.95)
    expect(trained.test!.roc[0]).toMatchObject({ falseAlarmRate: 0, detectionRate: 0 })
    expect(JSON.stringify(trained)).not.toContain('null')
    const again = await evaluateAnomalyProject(dir, options)
    expect(again).toEqual(trained)
    expect((await readDetector(dir, nodeFileSystem)).threshold).toBe(trained.threshold)
  }, 60_000)

  it('refuses settings out of range before touching the stored detector', async () => {
    const before = await readFile(join(dir, DETECTOR_FILE), 'utf8')
    await expect(trainAnomalyProject(dir, { clusters: 0 }, options)).rejects.toMatchObject({
      code: TrainErrorCode.AnomalyBadParams,
    })
    expect(await readFile(join(dir, DETECTOR_FILE), 'utf8')).toBe(before)
  })

  it('names a damaged detector file and says to train again', async () => {
    await writeFile(join(dir, DETECTOR_FILE), '{"version": 1, "threshold": 2, "model": {"kind": "gaussian"}}')
    await expect(evaluateAnomalyProject(dir, options)).rejects.toMatchObject({
      code: TrainErrorCode.AnomalyModelDamaged,
      message: expect.stringMatching(/Train it again/),
    })
    await writeFile(join(dir, DETECTOR_FILE), '{"version": 1,')
    await expect(evaluateAnomalyProject(dir, options)).rejects.toMatchObject({
      code: TrainErrorCode.AnomalyModelDamaged,
    })
  })
})
