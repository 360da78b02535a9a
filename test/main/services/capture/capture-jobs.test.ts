import { afterEach, describe, expect, it } from 'vitest'
import type { CaptureStatus, FirmwareInstallResult } from '../../../../src/shared/api/capture'
import type { NewSample, SampleMeta } from '../../../../src/shared/api/dataset'
import type { JobInfo } from '../../../../src/shared/api/jobs'
import type { Settings } from '../../../../src/shared/api/settings'
import { MoteFailure } from '../../../../src/shared/errors'
import { designMismatch } from '../../../../src/core/train/design-fit'
import { CaptureService, type FirmwareInstaller } from '../../../../src/main/services/capture/capture-service'
import { JobsService } from '../../../../src/main/services/jobs/jobs-service'
import { FakeMoteBoard } from './fake-boards'

const TIMING = { detectMs: 400, detectTimeoutMs: 1500, silenceMs: 600, tickMs: 20, pollMs: 100 }
const stops: (() => void)[] = []
afterEach(() => stops.splice(0).forEach((s) => s()))

function setup(installFirmware?: FirmwareInstaller) {
  const board = new FakeMoteBoard()
  stops.push(() => board.stop())
  const jobs = new JobsService({
    createWorker: () => {
      throw new Error('no workers here')
    },
  })
  const jobStates: JobInfo[] = []
  jobs.onDidChange((j) => jobStates.push(j))
  let settings = { axesBySerialNumber: {} } as unknown as Settings
  const service = new CaptureService({
    open: async () => board.stream,
    save: async (sample: NewSample) =>
      ({ ...sample, id: 's-1x', category: 'training', createdAt: '' }) as SampleMeta,
    // The project's design wants 100 Hz from accX, accY, accZ.
    checkDesign: async (meta) =>
      designMismatch({ kind: 'timeseries', rateHz: 100, axes: ['accX', 'accY', 'accZ'] }, meta),
    jobs,
    settings: { get: async () => settings, update: async (p) => (settings = { ...settings, ...p }) },
    timing: TIMING,
    ...(installFirmware ? { installFirmware } : {}),
  })
  const statuses: CaptureStatus[] = []
  service.onDidChangeStatus((s) => statuses.push(s))
  return { service, jobs, jobStates, statuses }
}

const request = { portPath: '/dev/fake', baudRate: 500000, label: 'wave', countdownMs: 0, rateHz: 200 }

describe('recordings and firmware installs as jobs', () => {
  it('says when a saved recording does not match the design, and how', async () => {
    const { service } = setup()
    const final = await service.record({ ...request, seconds: 0.3, channels: [0, 1, 2] })
    expect(final.phase).toBe('done')
    expect(final.mismatch).toEqual({
      rateHz: { sample: 200, design: 100 },
      axes: { sample: ['A0', 'A1', 'A2'], design: ['accX', 'accY', 'accZ'] },
    })
  })

  it('shows a recording as a job with its frames as progress, ending when the sample is saved', async () => {
    const { service, jobs, jobStates } = setup()
    const final = await service.record({ ...request, seconds: 0.5, channels: [0] })
    const job = await jobs.wait(final.jobId!)
    expect(job).toMatchObject({ kind: 'capture', title: 'Record "wave" on /dev/fake', state: 'succeeded' })
    expect(job.result).toEqual({ sampleId: 's-1x' })
    const phrases = jobStates.map((j) => j.phrase)
    expect(phrases).toContain('Counting down')
    expect(phrases.some((p) => /^Recording: \d+ of 100 frames$/.test(p))).toBe(true)
  })

  it('cancelling the job cancels the recording, reported as cancelled, not failed', async () => {
    const { service, jobs } = setup()
    const started = await service.start({ ...request, seconds: 30, countdownMs: 5000 })
    await jobs.cancel(started.jobId!)
    const job = await jobs.wait(started.jobId!)
    expect(job.state).toBe('cancelled')
    expect(job.error).toBeUndefined()
    expect((await service.status())?.phase).toBe('cancelled')
  })

  it('installs the capture firmware as a job whose progress is the installer’s, and returns its result', async () => {
    const result: FirmwareInstallResult = {
      boardId: 'uno',
      portPath: '/dev/fake',
      flashBytes: 2048,
      durationMs: 10,
    }
    const { service, jobStates } = setup(async (_port, _board, onProgress) => {
      onProgress(0.4, 'Compiling main.c')
      onProgress(0.9, 'Writing page 15 of 16')
      return result
    })
    expect(await service.installFirmware('/dev/fake', 'uno')).toEqual(result)
    const job = jobStates.at(-1)!
    expect(job).toMatchObject({ kind: 'capture-firmware', state: 'succeeded', progress: 1 })
    expect(jobStates.map((j) => j.phrase)).toContain('Compiling main.c')
  })

  it('a cancelled firmware install is reported as cancelled', async () => {
    const { service, jobs } = setup(async (_port, _board, _progress, cancellation) => {
      while (!cancellation?.aborted) await new Promise((r) => setTimeout(r, 5))
      throw new MoteFailure(9009, 'The capture firmware could not be flashed: Flashing was cancelled.')
    })
    const installing = service.installFirmware('/dev/fake', 'uno')
    const running = (await jobs.list()).find((j) => j.kind === 'capture-firmware')!
    await jobs.cancel(running.id)
    await expect(installing).rejects.toMatchObject({ code: 3003, message: 'Cancelled.' })
  })
})
