import { TrainErrorCode } from '../../../../src/shared/api/train'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseProjectDesign } from '../../../../src/core/train/design'
import { deserializeGraph } from '../../../../src/core/model/graph-io'
import { JobsService } from '../../../../src/main/services/jobs/jobs-service'
import { tsWorkerFactory } from '../../../../src/main/services/jobs/worker-factory'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { DesignService } from '../../../../src/main/services/train/design-service'
import { TrainService } from '../../../../src/main/services/train/train-service'
import type { TrainEpochEvent, TrainStatus } from '../../../../src/shared/api/train'
import { gesturesProject } from './fixtures'

const ROOT = join(import.meta.dirname, '../../../..')
const jobsServices: JobsService[] = []

afterEach(async () => {
  for (const jobs of jobsServices.splice(0)) await jobs.dispose()
})

/** The real services on a small project: jobs in worker threads running the real `train` kind. */
async function setup() {
  const fixture = await gesturesProject()
  const jobs = new JobsService({
    createWorker: tsWorkerFactory(join(ROOT, 'src/main/job-worker.ts'), join(ROOT, 'bin/ts-worker.mjs')),
  })
  jobsServices.push(jobs)
  const design = new DesignService(fixture.project)
  const suggested = parseProjectDesign((await design.get()).suggested)
  await design.save({ ...suggested, training: { ...suggested.training, epochs: 3, minWindowsPerClass: 2 } })
  return {
    ...fixture,
    jobs,
    design,
    train: new TrainService({ project: fixture.project, jobs, fs: nodeFileSystem }),
  }
}

describe('TrainService', () => {
  it('trains in a worker, relays every epoch, and stores the model with its metrics and graph', async () => {
    const { dir, jobs, train } = await setup()
    const epochs: TrainEpochEvent[] = []
    const statuses: TrainStatus[] = []
    train.onDidEpoch((e) => epochs.push(e))
    train.onDidChange((s) => statuses.push(s))
    const job = await train.start({ backend: 'cpu' })
    await expect(train.start({})).rejects.toMatchObject({ code: TrainErrorCode.AlreadyTraining })
    const done = await jobs.wait(job.id)
    expect(done.state, done.error?.message).toBe('succeeded')
    expect(epochs.map((e) => [e.metrics.epoch, e.epochs])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ])
    await new Promise((r) => setTimeout(r, 50))
    const status = await train.status()
    expect(status.job).toBeNull()
    expect(status.history).toHaveLength(3)
    expect(status.model).toMatchObject({ stale: false, metrics: { backend: 'cpu', epochs: 3 } })
    expect(statuses.at(-1)?.model?.id).toBe(status.model!.id)
    const folder = join(dir, status.model!.path)
    expect((await readdir(folder)).sort()).toEqual([
      'design.json',
      'graph.bin',
      'graph.json',
      'metrics.json',
      'model.json',
      'weights.bin',
    ])
    const graph = deserializeGraph(
      await readFile(join(folder, 'graph.json'), 'utf8'),
      new Uint8Array(await readFile(join(folder, 'graph.bin'))),
    )
    expect(graph.ops.map((o) => o.kind)).toEqual([
      'fullyConnected',
      'fullyConnected',
      'fullyConnected',
      'softmax',
    ])
  }, 60_000)

  it('marks the model stale when the design changes, and evaluates it again as a job', async () => {
    const { jobs, train, design } = await setup()
    await jobs.wait((await train.start({ backend: 'cpu' })).id)
    const current = parseProjectDesign((await design.get()).design)
    await design.save({
      ...current,
      features: { ...current.features, window: { ...current.features.window, strideMs: 250 } },
    })
    expect((await train.status()).model?.stale).toBe(true)
    const evaluated = await jobs.wait((await train.evaluate()).id)
    expect(evaluated.state, evaluated.error?.message).toBe('succeeded')
    const model = (await train.status()).model!
    expect(model.evaluatedAt).toBeDefined()
    expect(model.metrics.test.count).toBe(25) // the model's own design (0.5 s stride): 5 test recordings × 5 windows
  }, 60_000)

  it('fails the job with the data check’s sentence and stores no model', async () => {
    const { jobs, train, design } = await setup()
    const current = parseProjectDesign((await design.get()).design)
    await design.save({ ...current, training: { ...current.training, minWindowsPerClass: 1000 } })
    const done = await jobs.wait((await train.start({ backend: 'cpu' })).id)
    expect(done.state).toBe('failed')
    expect(done.error).toMatchObject({
      code: TrainErrorCode.TooFewWindows,
      message: expect.stringMatching(/training needs at least 1000/),
    })
    expect((await train.status()).model).toBeNull()
  }, 60_000)
})
