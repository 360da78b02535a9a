import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CaptureErrorCode, type CaptureStatus } from '../../../../src/shared/api/capture'
import type { NewSample, SampleMeta } from '../../../../src/shared/api/dataset'
import type { Settings } from '../../../../src/shared/api/settings'
import { CaptureService } from '../../../../src/main/services/capture/capture-service'
import type { ByteStream } from '../../../../src/main/services/capture/serial-stream'
import { FakeForwarderBoard, FakeMoteBoard, FakeStream, rawValue } from './fake-boards'

const TIMING = { detectMs: 400, detectTimeoutMs: 1500, silenceMs: 600, tickMs: 20, pollMs: 100 }
const stops: (() => void)[] = []

// Simulated time: the session's clock and the scripted boards' timers run on vitest's fake timers, so a
// 10-second recording takes no real time and the rates the boards keep are exact.
beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
  })
})
afterEach(() => {
  stops.splice(0).forEach((s) => s())
  vi.useRealTimers()
})

/** Advances simulated time in small steps until `promise` settles (at most `limitMs` of simulated time). */
async function settle<T>(promise: Promise<T>, limitMs = 60_000): Promise<T> {
  let settled = false
  promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  for (let t = 0; !settled && t < limitMs; t += 10) await vi.advanceTimersByTimeAsync(10)
  return promise
}

function setup(stream: () => ByteStream | Promise<ByteStream>) {
  const saved: NewSample[] = []
  let settings = { axesBySerialNumber: {} } as unknown as Settings
  const statuses: CaptureStatus[] = []
  let liveFrames = 0
  const service = new CaptureService({
    open: async () => stream(),
    save: async (sample) => {
      saved.push(sample)
      return {
        ...sample,
        id: `s-${saved.length}x`,
        category: 'training',
        createdAt: new Date().toISOString(),
      } as SampleMeta
    },
    settings: {
      get: async () => settings,
      update: async (patch) => (settings = { ...settings, ...patch }),
    },
    timing: TIMING,
  })
  service.onDidChangeStatus((s) => statuses.push(s))
  service.onDidReceive((d) => (liveFrames += d.values.length / d.axisCount))
  return { service, saved, statuses, live: () => liveFrames }
}

describe('CaptureService with scripted boards', () => {
  it('records a Mote-protocol board: Hello, Start at the rate, channel values scaled to mV, saved at once', async () => {
    const board = new FakeMoteBoard()
    stops.push(() => board.stop())
    const { service, saved, statuses, live } = setup(() => board.stream)
    const final = await settle(
      service.record({
        portPath: '/dev/fake',
        baudRate: 500000,
        label: 'wave',
        seconds: 0.5,
        countdownMs: 0,
        rateHz: 200,
        channels: [0, 2, 5],
      }),
    )
    expect(final.phase).toBe('done')
    expect(final.protocol).toBe('mote')
    expect(saved).toHaveLength(1)
    const s = saved[0]!
    expect([s.length, s.rateHz, s.axes.map((a) => a.name)]).toEqual([100, 200, ['A0', 'A2', 'A5']])
    for (let k = 0; k < s.length; k++)
      [0, 2, 5].forEach((c, j) => expect(s.values[k * 3 + j]).toBe(rawValue(k, c) * 4.8828125))
    expect(final.lostSamples).toBe(0)
    expect(live()).toBe(100)
    expect(statuses.map((x) => x.phase)).toEqual(
      expect.arrayContaining(['detecting', 'countdown', 'recording', 'saving', 'done']),
    )
  })

  it('drops corrupted Mote frames, counts them and the samples they held, and never stores a wrong value', async () => {
    const board = new FakeMoteBoard()
    board.corruptFrames = new Set([3, 7])
    board.dropFrames = new Set([10])
    stops.push(() => board.stop())
    const { service, saved } = setup(() => board.stream)
    const final = await settle(
      service.record({
        portPath: '/dev/fake',
        baudRate: 500000,
        label: 'x',
        seconds: 0.5,
        countdownMs: 0,
        rateHz: 200,
        channels: [1],
      }),
    )
    expect(final.corruptFrames).toBe(2)
    expect(final.lostSamples).toBe(15)
    const got = Array.from(saved[0]!.values)
    const expected = Array.from({ length: 200 }, (_, k) => k)
      .filter((k) => ![3, 7, 10].includes(Math.floor(k / 5)))
      .map((k) => rawValue(k, 1) * 4.8828125)
    expect(got).toEqual(expected.slice(0, got.length))
  })

  it('detects a data-forwarder board, skips its banner, and records seconds × rate lines', async () => {
    const board = new FakeForwarderBoard(100, (k) => `${k},${-k},${k / 4}\r\n`, 'Accelerometer ready!\r\n')
    stops.push(() => board.stop())
    const { service, saved } = setup(() => board.stream)
    const final = await settle(
      service.record({
        portPath: '/dev/fake',
        baudRate: 115200,
        label: 'idle',
        seconds: 1,
        countdownMs: 0,
      }),
    )
    expect(final.phase).toBe('done')
    expect(final.protocol).toBe('forwarder')
    const s = saved[0]!
    expect(s.length).toBe(100)
    expect(Math.abs(s.rateHz - 100)).toBeLessThan(1)
    const k0 = s.values[0]!
    for (let i = 0; i < s.length; i++)
      expect([s.values[i * 3], s.values[i * 3 + 1], s.values[i * 3 + 2]]).toEqual([
        k0 + i,
        -(k0 + i),
        (k0 + i) / 4,
      ])
  })

  it('ignores the backlog the OS buffered before the port opened when it measures the rate', async () => {
    const board = new FakeForwarderBoard(100, (k) => `${k},${k}\n`)
    stops.push(() => board.stop())
    const backlog = Array.from({ length: 400 }, (_, k) => `${k},${k}\n`).join('')
    setTimeout(() => board.stream.send(backlog), 5)
    const { service } = setup(() => board.stream)
    const probe = await settle(service.probe('/dev/fake', 115200))
    // 400 lines in one burst would read as hundreds of hertz; a short detection on a loaded machine is within a few %.
    expect(Math.abs(probe.rateHz - 100)).toBeLessThan(3)
  })

  it('keeps what arrived as a truncated sample when the board is unplugged mid-recording', async () => {
    const board = new FakeForwarderBoard(100, (k) => `${k},1\n`)
    stops.push(() => board.stop())
    const { service, saved } = setup(() => board.stream)
    await service.start({
      portPath: '/dev/fake',
      baudRate: 115200,
      label: 'walk',
      seconds: 10,
      countdownMs: 0,
    })
    await vi.advanceTimersByTimeAsync(1200)
    board.stream.unplug()
    const final = await settle(
      new Promise<CaptureStatus>((resolve) =>
        service.onDidChangeStatus((s) => s.phase === 'done' && resolve(s)),
      ),
    )
    expect(final.truncated).toBe(true)
    expect(saved[0]!.truncated).toBe(true)
    expect(saved[0]!.length).toBeGreaterThan(20)
    expect(saved[0]!.length).toBeLessThan(1000)
  })

  it('ends early on stop() with what arrived, and keeps nothing on cancel()', async () => {
    const board = new FakeForwarderBoard(100, (k) => `${k}\n`)
    stops.push(() => board.stop())
    const { service, saved } = setup(() => board.stream)
    await service.start({ portPath: '/dev/fake', baudRate: 9600, label: 'a', seconds: 30, countdownMs: 0 })
    await vi.advanceTimersByTimeAsync(900)
    const stopped = await settle(service.stop())
    expect(stopped.phase).toBe('done')
    expect(stopped.truncated).toBeUndefined()
    expect(saved).toHaveLength(1)
    await service.start({ portPath: '/dev/fake2', baudRate: 9600, label: 'b', seconds: 30, countdownMs: 0 })
    expect((await settle(service.cancel())).phase).toBe('cancelled')
    expect(saved).toHaveLength(1)
  })

  it('fails with a sentence when nothing arrives, when only garbage arrives, and when the port cannot open', async () => {
    const silent = setup(() => new FakeStream())
    await expect(settle(silent.service.probe('/dev/quiet', 9600))).rejects.toMatchObject({
      code: CaptureErrorCode.NoData,
      message: expect.stringMatching(/^Nothing readable arrived on \/dev\/quiet/),
    })
    const noisy = new FakeForwarderBoard(100, (k) => (k % 3 ? 'hello world\n' : '1,2\n'))
    stops.push(() => noisy.stop())
    await expect(settle(setup(() => noisy.stream).service.probe('/dev/noisy', 9600))).rejects.toMatchObject({
      code: CaptureErrorCode.NoSteadyStream,
    })
    const refused = setup(() => Promise.reject(new Error('Permission denied')))
    await expect(settle(refused.service.probe('/dev/ttyACM0', 9600))).rejects.toMatchObject({
      code: CaptureErrorCode.OpenFailed,
      message: expect.stringContaining('Permission denied'),
    })
  })

  it('remembers axis names by serial number and uses them for the next recording of that board', async () => {
    const boards: FakeForwarderBoard[] = []
    const { service, saved } = setup(() => {
      const board = new FakeForwarderBoard(100, (k) => `${k},${k}\n`)
      stops.push(() => board.stop())
      boards.push(board)
      return board.stream
    })
    await service.rememberAxes('85735313', [
      { name: 'accX', unit: 'g' },
      { name: 'accY', unit: 'g' },
    ])
    await settle(
      service.record({
        portPath: '/dev/fake',
        baudRate: 9600,
        label: 'a',
        seconds: 0.2,
        countdownMs: 0,
        serialNumber: '85735313',
      }),
    )
    expect(saved[0]!.axes).toEqual([
      { name: 'accX', unit: 'g' },
      { name: 'accY', unit: 'g' },
    ])
    const probe = await settle(service.probe('/dev/fake', 9600, '85735313'))
    expect(probe.axes.map((a) => a.name)).toEqual(['accX', 'accY'])
  })
})
