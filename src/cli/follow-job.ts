import type { AppServices } from '../main/app-services'
import type { JobInfo } from '../shared/api/jobs'
import { TrainErrorCode } from '../shared/api/train'
import { MoteFailure, cancelledFailure } from '../shared/errors'
import type { Output } from './output'

// What the train, eval and compress commands do around a job, loaded with them when one runs.

/** Follows a job: its log lines go to stderr (not with --json), Ctrl+C cancels it; resolves when it ends. */
export async function followJob(services: AppServices, job: JobInfo, out: Output): Promise<JobInfo> {
  const logs = services.jobs.onDidLog((event) => {
    if (event.jobId === job.id) for (const line of event.lines) out.info(line)
  })
  const onInt = () => void services.jobs.cancel(job.id)
  process.on('SIGINT', onInt)
  try {
    const done = await services.jobs.wait(job.id)
    if (done.state === 'cancelled') throw cancelledFailure()
    if (done.state === 'failed' && done.error) throw MoteFailure.fromError(done.error)
    return done
  } finally {
    logs.dispose()
    process.off('SIGINT', onInt)
  }
}

/** Opens the project; when it has no design yet, stores the suggested one (and says so). */
export async function openForTraining(services: AppServices, dir: string, out: Output): Promise<void> {
  await services.project.open(dir)
  const state = await services.design.get()
  if (state.design !== null) return
  if (state.suggested === null)
    throw new MoteFailure(
      TrainErrorCode.NoData,
      state.suggestionProblem ?? 'The project has no samples to design a model for.',
    )
  await services.design.save(state.suggested)
  out.info('No design yet: saved the suggested design to design.json (edit it in the Design view).')
}
