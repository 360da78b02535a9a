import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findBoard } from '../../../../src/core/boards'
import { parseProjectDesign } from '../../../../src/core/train/design'
import {
  createTuneState,
  parseTuneBudget,
  planNextTrial,
  recordTrialResult,
  tuneSettingsSchema,
  type TuneState,
} from '../../../../src/core/tune'
import { JobsService } from '../../../../src/main/services/jobs/jobs-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { DesignService } from '../../../../src/main/services/train/design-service'
import { TuneFiles } from '../../../../src/main/services/tune/tune-files'
import { TuneService } from '../../../../src/main/services/tune/tune-service'
import { TuneErrorCode } from '../../../../src/shared/api/tune'
import { gesturesProject } from '../train/fixtures'

const jobsServices: JobsService[] = []
afterEach(async () => {
  for (const jobs of jobsServices.splice(0)) await jobs.dispose()
})

/** A project with a design and a stored search whose first rung finished with made-up accuracies. */
async function setup() {
  const fixture = await gesturesProject()
  const design = new DesignService(fixture.project)
  const base = parseProjectDesign((await design.get()).suggested)
  await design.save(base)
  const budget = parseTuneBudget({ boardId: 'nano33ble-sense', objective: 'ram' })
  let state: TuneState = createTuneState({
    base,
    shortestMs: 4000,
    board: findBoard('nano33ble-sense')!,
    budget,
    settings: tuneSettingsSchema.parse({ candidates: 4, seed: 3 }),
  })
  for (let i = 0; i < 4; i++) {
    const next = planNextTrial(state)
    const accuracy = [0.9, 0.7, 0.95, 0.8][i]!
    state = recordTrialResult(next.state, next.trial!, {
      accuracy,
      testAccuracy: accuracy,
      epochsRun: 2,
      seconds: 1,
    })
  }
  await new TuneFiles(fixture.dir, nodeFileSystem).write(state)
  const jobs = new JobsService({
    createWorker: () => {
      throw new Error('no job runs in this test')
    },
  })
  jobsServices.push(jobs)
  const tune = new TuneService({ project: fixture.project, jobs, design, fs: nodeFileSystem })
  return { ...fixture, base, state, tune }
}

const storedDesign = async (dir: string) =>
  parseProjectDesign(JSON.parse(await readFile(join(dir, 'design.json'), 'utf8')))

describe('TuneService', () => {
  it('reports the stored search best first, with the Pareto front of accuracy against the objective', async () => {
    const { tune, state } = await setup()
    const report = (await tune.status()).report!
    expect(report.trialsDone).toBe(4)
    expect(report.rows.map((r) => r.accuracy)).toEqual([0.95, 0.9, 0.8, 0.7])
    const byId = new Map(state.candidates.map((c) => [c.id, c]))
    for (const row of report.rows) {
      expect(row.cost).toBe(byId.get(row.id)!.cost.ramBytes)
      const dominated = report.rows.some(
        (o) =>
          o.accuracy >= row.accuracy &&
          o.cost <= row.cost &&
          (o.accuracy > row.accuracy || o.cost < row.cost),
      )
      expect(row.onFront).toBe(!dominated)
    }
  })

  it('adopts a candidate as the project design and undoes it back to the design before', async () => {
    const { tune, dir, base, state } = await setup()
    const chosen = state.candidates[1]!
    const changes: (string | null)[] = []
    tune.onDidChange((s) => changes.push(s.adopted))
    const adopted = await tune.adopt(chosen.id)
    expect(adopted.adopted).toBe(chosen.id)
    expect(await storedDesign(dir)).toEqual(chosen.design)
    const undone = await tune.undoAdopt()
    expect(undone.adopted).toBeNull()
    expect(await storedDesign(dir)).toEqual(base)
    expect(changes).toEqual([chosen.id, null])
    await expect(tune.undoAdopt()).rejects.toMatchObject({ code: TuneErrorCode.NoSuchCandidate })
  })

  it('refuses to adopt an id the search does not have (18005)', async () => {
    const { tune } = await setup()
    await expect(tune.adopt('c99')).rejects.toMatchObject({ code: TuneErrorCode.NoSuchCandidate })
  })
})
