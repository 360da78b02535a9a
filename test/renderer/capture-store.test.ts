import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { captureContract } from '../../src/shared/api/capture'
import { datasetContract } from '../../src/shared/api/dataset'
import { designContract } from '../../src/shared/api/design'
import { devicesContract } from '../../src/shared/api/devices'
import type { Settings } from '../../src/shared/api/settings'
import type { DesignInput } from '../../src/core/train/design'
import { ServiceRouter } from '../../src/main/rpc/service-router'
import { CaptureService } from '../../src/main/services/capture/capture-service'
import { DatasetService } from '../../src/main/services/dataset/dataset-service'
import { ProjectService } from '../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../src/main/services/system/file-system'
import { DesignService } from '../../src/main/services/train/design-service'
import { createApi } from '../../src/renderer/api'
import { setApi } from '../../src/renderer/api/provide'
import { setClock, systemClock, type Clock, type TimerHandle } from '../../src/renderer/clock'
import { settingsProblem, useCaptureStore, type CaptureSettings } from '../../src/renderer/stores/capture'
import { FakeMoteBoard } from '../main/services/capture/fake-boards'
import { routerBridge, until } from './router-bridge'

/** The design of the project under test: it reads two channels named accX, accY at 100 Hz. */
const DESIGN: DesignInput = { kind: 'timeseries', rateHz: 100, axes: ['accX', 'accY'] }
const TIMING = { detectMs: 400, detectTimeoutMs: 1500, silenceMs: 600, tickMs: 20, pollMs: 100 }
const boards: FakeMoteBoard[] = []
afterEach(() => boards.splice(0).forEach((b) => b.stop()))

/** The capture store over the real capture and dataset services, recording a scripted Mote board. */
async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'mote-capture-store-'))
  const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'cfg'), appVersion: '0' })
  await project.create({ dir: join(root, 'p'), name: 'P' })
  const dataset = new DatasetService({ project, fs: nodeFileSystem, designInput: async () => DESIGN })
  const board = new FakeMoteBoard()
  boards.push(board)
  let settings = { axesBySerialNumber: {} } as unknown as Settings
  const capture = new CaptureService({
    open: async () => board.stream,
    save: (sample) => dataset.addRecorded(sample),
    checkDesign: async (meta) => (await dataset.mismatches([meta.id]))[0]?.mismatch ?? null,
    settings: { get: async () => settings, update: async (p) => (settings = { ...settings, ...p }) },
    timing: TIMING,
  })
  const router = new ServiceRouter()
  router.register(datasetContract, dataset)
  router.register(captureContract, capture)
  router.register(designContract, new DesignService(project))
  router.register(devicesContract, {
    list: async () => [],
    status: async () => ({ usb: 'unavailable' as const, pollIntervalMs: 1000 }),
    chooseBoard: async () => [],
    onDidChange: () => ({ dispose: () => undefined }),
  })
  setApi(createApi(routerBridge(router)))
  const store = useCaptureStore()
  await store.load()
  store.settings = {
    ...store.settings,
    deviceId: '/dev/ttyFAKE0',
    label: 'wave',
    seconds: 0.3,
    protocol: 'mote',
    rateHz: 200,
    channels: [0, 1],
    countdownMs: 0,
  }
  return { store, dataset }
}

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})
afterEach(() => setClock(systemClock))

/** A clock that moves only when the test advances it; its timers fire in time order. */
function manualClock(startMs: number) {
  let nowMs = startMs
  let nextId = 1
  const timers = new Map<number, { at: number; run: () => void }>()
  const handle = (id: number) => id as unknown as TimerHandle
  const clock: Clock = {
    now: () => nowMs,
    wallNow: () => nowMs,
    setTimeout: (run, ms) => {
      timers.set(nextId, { at: nowMs + ms, run })
      return handle(nextId++)
    },
    setInterval: () => {
      throw new Error('the local recording keeps no interval')
    },
    clear: (h) => void timers.delete(h as unknown as number),
  }
  function advance(ms: number): void {
    nowMs += ms
    const due = [...timers].filter(([, t]) => t.at <= nowMs).sort(([, a], [, b]) => a.at - b.at)
    for (const [id, t] of due) {
      timers.delete(id)
      t.run()
    }
  }
  return { clock, advance }
}

describe('the capture store over the capture and dataset services', () => {
  it('records from a board, shows the saved sample, and says how it differs from the design', async () => {
    const { store } = await setup()
    await store.record()
    await until(() => store.lastSample !== null)
    expect(store.lastSample!.meta).toMatchObject({ label: 'wave', rateHz: 200, length: 60 })
    expect(store.mismatch).toEqual({
      rateHz: { sample: 200, design: 100 },
      axes: { sample: ['A0', 'A1'], design: ['accX', 'accY'] },
    })
    expect(store.active).toBe(false)
  })

  it('renames the axes, then resamples, and the sample then matches the design', async () => {
    const { store, dataset } = await setup()
    await store.record()
    await until(() => store.mismatch !== null)
    await store.fixMismatch('rename-axes')
    expect(store.mismatch).toEqual({ rateHz: { sample: 200, design: 100 } })
    expect(store.fixed).toBe('rename-axes')
    await store.fixMismatch('resample')
    expect(store.mismatch).toBeNull()
    expect(store.lastSample!.meta).toMatchObject({ rateHz: 100, length: 30 })
    expect(await dataset.mismatches()).toEqual([])
  })

  it('does not record with an emptied number, and says which one', async () => {
    const { store } = await setup()
    store.settings = { ...store.settings, seconds: null }
    expect(store.blockedKey).toBe('views.capture.blocked.seconds')
    await store.record()
    expect(store.status).toBeNull()
    const s = store.settings as CaptureSettings
    expect(settingsProblem({ ...s, seconds: 1, rateHz: null }, true)).toBe('views.capture.blocked.rate')
    expect(settingsProblem({ ...s, seconds: 1, protocol: 'forwarder', rateHz: null }, true)).toBeUndefined()
    expect(settingsProblem({ ...s, sensor: 'camera', imageWidth: null }, true)).toBe(
      'views.capture.blocked.imageSize',
    )
    expect(settingsProblem({ ...s, label: ' ' }, true)).toBe('views.capture.blocked.label')
  })

  it('keeps the service’s error, with its code, when the board refuses the request', async () => {
    const { store } = await setup()
    store.settings = { ...store.settings, deviceId: '/dev/ttyFAKE0', channels: [7] }
    await store.record()
    await until(() => store.error !== null)
    expect(store.error).toEqual({
      code: 9010,
      message: 'The board has 6 channels; channel 7 does not exist. Pick channels 0–5.',
    })
  })

  it('counts down on its clock before a camera snapshot, and says when the recording starts', async () => {
    const time = manualClock(1_000_000)
    setClock(time.clock)
    const { store } = await setup()
    store.settings = { ...store.settings, sensor: 'camera', imageWidth: 4, imageHeight: 2, countdownMs: 3000 }
    store.setCameraGrabber((width, height) => new Float32Array(width * height * 3).fill(0.5))
    const recording = store.record()
    expect(store.phase).toBe('countdown')
    expect(store.startsAt).toBe(1_003_000)
    time.advance(2999)
    await Promise.resolve()
    expect(store.phase).toBe('countdown')
    time.advance(1)
    await recording
    expect(store.error).toBeNull()
    expect(store.active).toBe(false)
    expect(store.lastSample!.meta).toMatchObject({
      kind: 'image',
      label: 'wave',
      image: { width: 4, height: 2 },
    })
  })
})
