import type { ChildProcess } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Settings } from '../../../../src/shared/api/settings'
import { CaptureService } from '../../../../src/main/services/capture/capture-service'
import { serialStreamOpener } from '../../../../src/main/services/capture/serial-stream'
import { DatasetService } from '../../../../src/main/services/dataset/dataset-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { boardValue, openPtyPair, startScriptedBoard, type PtyPair } from './pty-pair'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'mote-capture-'))
  const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'cfg'), appVersion: '0' })
  await project.create({ dir: join(root, 'p'), name: 'P' })
  const dataset = new DatasetService({ project, fs: nodeFileSystem })
  let settings = { axesBySerialNumber: {} } as unknown as Settings
  const capture = new CaptureService({
    open: serialStreamOpener(),
    save: (s) => dataset.addRecorded(s),
    settings: { get: async () => settings, update: async (p) => (settings = { ...settings, ...p }) },
  })
  return { capture, dataset }
}

async function pair(): Promise<PtyPair> {
  const p = await openPtyPair()
  cleanups.push(() => p.close())
  return p
}

function board(pty: string, options: Parameters<typeof startScriptedBoard>[1]): ChildProcess {
  const child = startScriptedBoard(pty, options)
  cleanups.push(() => child.kill('SIGTERM'))
  return child
}

describe('capture over socat pty pairs from a scripted board', () => {
  it('detects 2 Hz … 2 kHz within 1 % and 1 to 9 axes, with comma, tab and space separators', async () => {
    const { capture } = await setup()
    const cases = [
      [2, 3],
      [10, 1],
      [20, 2],
      [50, 3],
      [100, 4],
      [200, 5],
      [333, 6],
      [500, 7],
      [800, 8],
      [1000, 9],
      [2000, 6],
    ] as const
    const report: string[] = []
    for (const [i, [rateHz, axes]] of cases.entries()) {
      const p = await pair()
      board(p.board, {
        rateHz,
        axes,
        lines: 1_000_000,
        separator: (['comma', 'tab', 'space'] as const)[i % 3],
        banner: 'IMU ready',
      })
      const probe = await capture.probe(p.host, 115200)
      const error = ((probe.measuredRateHz! - rateHz) / rateHz) * 100
      report.push(
        `${rateHz} Hz × ${axes}: measured ${probe.measuredRateHz!.toFixed(3)} Hz (${error.toFixed(3)} %), reported ${probe.rateHz} Hz, ${probe.axisCount} axes`,
      )
      expect(Math.abs(error)).toBeLessThan(1)
      expect(probe.axisCount, `${rateHz} Hz`).toBe(axes)
      expect(
        Math.abs(probe.rateHz - rateHz) / rateHz,
        `${rateHz} Hz detected as ${probe.rateHz}`,
      ).toBeLessThan(0.01)
    }
    console.log(`detection:\n  ${report.join('\n  ')}`)
  }, 120_000)

  it('records 100 000 lines at 1 kHz × 6 axes with zero lost or misread, straight into the project', async () => {
    const { capture, dataset } = await setup()
    const p = await pair()
    board(p.board, { rateHz: 1000, axes: 6, lines: 110_000 })
    const final = await capture.record({
      portPath: p.host,
      baudRate: 1_000_000,
      label: 'vibration',
      seconds: 100,
      countdownMs: 2500,
    })
    expect(final.phase).toBe('done')
    expect(final.rejectedLines).toBe(0)
    const sample = await dataset.read(final.sample!.id)
    expect(sample.meta.length).toBe(100_000)
    expect(sample.meta.rateHz).toBe(1000)
    const values = sample.values
    // The first recorded line is some k0 after detection; from there every line must be there, in order.
    let k0 = -1
    for (let k = 0; k < 10_000 && k0 < 0; k++)
      if (values[0] === boardValue(k, 0) && values[1] === boardValue(k, 1)) k0 = k
    expect(k0).toBeGreaterThan(0)
    let wrong = 0
    for (let i = 0; i < 100_000; i++)
      for (let a = 0; a < 6; a++) if (values[i * 6 + a] !== boardValue(k0 + i, a)) wrong++
    expect(wrong).toBe(0)
    console.log(`100 000 lines: first line ${k0}, ${wrong} lost or misread, rate ${sample.meta.rateHz} Hz`)
  }, 180_000)

  it('keeps everything received as a truncated sample when the cable is pulled mid-recording', async () => {
    const { capture, dataset } = await setup()
    const p = await pair()
    board(p.board, { rateHz: 500, axes: 3, lines: 1_000_000 })
    await capture.start({ portPath: p.host, baudRate: 115200, label: 'walk', seconds: 30, countdownMs: 2000 })
    await new Promise((r) => setTimeout(r, 3500))
    p.unplug()
    const final = await new Promise<Awaited<ReturnType<typeof capture.status>>>((resolve) =>
      capture.onDidChangeStatus((s) => (s.phase === 'done' || s.phase === 'failed') && resolve(s)),
    )
    expect(final!.phase).toBe('done')
    expect(final!.truncated).toBe(true)
    const [meta] = await dataset.list()
    expect(meta!.truncated).toBe(true)
    expect(meta!.length).toBeGreaterThan(300)
    const sample = await dataset.read(meta!.id)
    let k0 = -1
    for (let k = 0; k < 10_000 && k0 < 0; k++) if (sample.values[0] === boardValue(k, 0)) k0 = k
    for (let i = 0; i < meta!.length; i++) expect(sample.values[i * 3 + 2]).toBe(boardValue(k0 + i, 2))
  }, 60_000)
})
