import { JobsErrorCode } from '../../../../src/shared/api/jobs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { JobInfo } from '../../../../src/shared/api/jobs'
import { MoteFailure } from '../../../../src/shared/errors'
import { JobsService } from '../../../../src/main/services/jobs/jobs-service'
import { systemClock, type Clock } from '../../../../src/main/services/system/clock'
import { tsWorkerFactory } from '../../../../src/main/services/jobs/worker-factory'

const ROOT = join(import.meta.dirname, '../../../..')
const services: JobsService[] = []

function createService(cancelGraceMs = 3000, clock: Clock = systemClock): JobsService {
  const service = new JobsService({
    createWorker: tsWorkerFactory(
      join(ROOT, 'test/fixtures/jobs/test-worker-entry.ts'),
      join(ROOT, 'bin/ts-worker.mjs'),
    ),
    cancelGraceMs,
    clock,
  })
  services.push(service)
  return service
}

afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose()
})

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('JobsService', () => {
  it('runs a job in a worker thread and returns its result with progress 1', async () => {
    const jobs = createService()
    const started = jobs.start('count', { to: 20 }, 'Count to 20')
    expect(started).toMatchObject({ state: 'running', kind: 'count', title: 'Count to 20', progress: 0 })
    const done = await jobs.wait(started.id)
    expect(done).toMatchObject({ state: 'succeeded', progress: 1, result: { sum: 210 } })
    expect(done.endedAt).toBeGreaterThanOrEqual(done.startedAt)
  })

  it('reports progress as increasing fractions with phrases, and every log line in order', async () => {
    const jobs = createService()
    const updates: JobInfo[] = []
    const lines: string[] = []
    jobs.onDidChange((j) => updates.push(j))
    jobs.onDidLog((e) => lines.push(...e.lines))
    const { id } = jobs.start('count', { to: 50 }, 'Count')
    await jobs.wait(id)
    const running = updates.filter((u) => u.state === 'running' && u.progress > 0)
    expect(running.length).toBeGreaterThan(0)
    for (let i = 1; i < running.length; i++)
      expect(running[i]!.progress).toBeGreaterThanOrEqual(running[i - 1]!.progress)
    expect(running.at(-1)!.phrase).toMatch(/^Step \d+ of 50$/)
    expect(lines).toEqual(Array.from({ length: 50 }, (_, i) => `step ${i + 1}`))
    expect(await jobs.log(id)).toEqual(lines)
  })

  it('cancels a job that checks its cancellation token', async () => {
    const jobs = createService()
    const { id } = jobs.start('forever', {}, 'Forever')
    await until(async () => (await jobs.list()).find((j) => j.id === id)!.progress > 0)
    await jobs.cancel(id)
    const done = await jobs.wait(id)
    expect(done.state).toBe('cancelled')
  })

  it('terminates a job that ignores cancellation after the grace period', async () => {
    // The grace timer runs on the injected clock: the test fires it instead of waiting it out.
    const timers: { ms: number; fire: () => void }[] = []
    const clock: Clock = {
      ...systemClock,
      setTimeout: (fire, ms) => {
        timers.push({ ms, fire })
        return setTimeout(() => undefined, 0)
      },
    }
    const jobs = createService(300, clock)
    const { id } = jobs.start('stubborn', {}, 'Stubborn')
    await until(async () => (await jobs.list()).find((j) => j.id === id)!.progress >= 0.5)
    await jobs.cancel(id)
    expect(timers.map((t) => t.ms)).toEqual([300])
    expect((await jobs.list()).find((j) => j.id === id)).toMatchObject({
      state: 'running',
      phrase: 'Cancelling',
    })
    timers[0]!.fire()
    const done = await jobs.wait(id)
    expect(done.state).toBe('cancelled')
    expect((await jobs.log(id)).at(-1)).toMatch(/stopped forcibly/)
  })

  it('reports a job failure with the job’s own error, as data', async () => {
    const jobs = createService()
    const done = await jobs.wait(jobs.start('fail', {}, 'Fail').id)
    expect(done).toMatchObject({
      state: 'failed',
      error: { code: JobsErrorCode.Failed, message: 'The data has no labels. Label some samples first.' },
    })
  })

  it('reports a worker that dies as failed instead of leaving the job running forever', async () => {
    const jobs = createService()
    const done = await jobs.wait(jobs.start('crash', {}, 'Crash').id)
    expect(done).toMatchObject({ state: 'failed', error: { code: JobsErrorCode.WorkerCrashed } })
  })

  it('fails an unknown job kind with a clear error', async () => {
    const jobs = createService()
    const done = await jobs.wait(jobs.start('no-such-kind', {}, 'Nothing').id)
    expect(done).toMatchObject({ state: 'failed', error: { code: JobsErrorCode.UnknownKind } })
  })

  it('keeps the main thread free while a job spins its own thread', async () => {
    const jobs = createService(300)
    const { id } = jobs.start('stubborn', {}, 'Busy')
    await until(async () => (await jobs.list()).find((j) => j.id === id)!.progress >= 0.5)
    // While the worker's thread is saturated, timers on this thread keep firing on time (serial I/O would too).
    const lateness: number[] = []
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now()
      await new Promise((r) => setTimeout(r, 10))
      lateness.push(performance.now() - t0 - 10)
    }
    expect(Math.max(...lateness)).toBeLessThan(200)
    await jobs.cancel(id)
    await jobs.wait(id)
  })

  it('lists jobs newest first, as a reloaded renderer reads them back', async () => {
    let wall = Date.parse('2026-01-01T00:00:00Z')
    const jobs = createService(3000, { ...systemClock, wallNow: () => (wall += 1000) })
    const a = jobs.start('count', { to: 2 }, 'A')
    await jobs.wait(a.id)
    const b = jobs.start('count', { to: 2 }, 'B')
    await jobs.wait(b.id)
    expect((await jobs.list()).map((j) => j.title)).toEqual(['B', 'A'])
  })

  it('says a job id is unknown rather than throwing a bare error', async () => {
    const jobs = createService()
    await expect(jobs.log('job-nope')).rejects.toMatchObject({ code: JobsErrorCode.NotFound })
  })
})

describe('JobsService in-process tasks', () => {
  it('reports progress, logs and the result of a task on the main thread', async () => {
    const jobs = createService()
    const info = jobs.runInProcess('flash', 'Flash Uno', async (context) => {
      context.log('sync ok')
      context.progress(0.5, 'Writing page 1 of 2')
      context.progress(1, 'Writing page 2 of 2')
      return { pages: 2 }
    })
    expect(info.state).toBe('running')
    const done = await jobs.wait(info.id)
    expect(done).toMatchObject({ state: 'succeeded', result: { pages: 2 }, progress: 1 })
    expect(await jobs.log(info.id)).toEqual(['sync ok'])
  })

  it('cancels a task through its cancellation token', async () => {
    const jobs = createService()
    const info = jobs.runInProcess('capture', 'Capture', async (context) => {
      while (!context.cancellation.aborted) await new Promise((r) => setTimeout(r, 5))
      throw new Error('stopped')
    })
    await jobs.cancel(info.id)
    expect((await jobs.wait(info.id)).state).toBe('cancelled')
  })

  it('reports a task’s failure with its own error', async () => {
    const jobs = createService()
    const info = jobs.runInProcess('flash', 'Flash', async () => {
      throw new MoteFailure(7001, 'No answer from the bootloader on /dev/ttyACM0.')
    })
    expect(await jobs.wait(info.id)).toMatchObject({ state: 'failed', error: { code: 7001 } })
  })
})
