import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NewSample, SampleMeta } from '../../../../src/shared/api/dataset'
import type { Settings } from '../../../../src/shared/api/settings'
import { captureFirmwareInstaller } from '../../../../src/main/services/capture/capture-firmware'
import { CaptureService } from '../../../../src/main/services/capture/capture-service'
import { serialStreamOpener } from '../../../../src/main/services/capture/serial-stream'
import { nodeSerialOpener } from '../../../../src/main/services/serial/serial-port'
import { Stk500v1Flasher } from '../../../../src/main/services/flash/stk500v1-flasher'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import type { VirtualBoardsService } from '../../../../src/main/services/virtual-boards/virtual-boards-service'
import { controlSocketReset } from '../../../../src/main/services/virtual-boards/virtual-reset'
import type { VirtualUno } from '../../../../src/main/services/virtual-boards/virtual-uno'
import { RESOURCES_DIR, sleep, testToolchain, testVirtualBoards } from '../virtual-boards/fixtures'

/**
 * The capture firmware end to end on the virtual Uno: built with avr-gcc, flashed through optiboot over
 * STK500v1, then sampled over the Mote protocol while the harness feeds A0–A5 from a signal file.
 * The file holds each value for STEP_MS; simavr converts an input of v mV to floor(v · 1023 / 5000) counts
 * (its avr_adc.c; the datasheet's ideal converter would round v · 1024 / 5000, at most 1 count away), and
 * the host turns counts into mV with the firmware's scale of 5000/1024.
 */
const STEP_MS = 100
const STEPS = 40
const CHANNELS = [0, 1, 2, 3, 4, 5]
const millivolts = (step: number, channel: number): number => (step * 373 + channel * 811) % 5001
const expectedValue = (mv: number): number => Math.floor((mv * 1023) / 5000) * 4.8828125

let boards: VirtualBoardsService
let uno: VirtualUno
let capture: CaptureService
const saved: NewSample[] = []

beforeAll(async () => {
  const toolchain = testToolchain()
  boards = (await testVirtualBoards(toolchain)).service
  const info = await boards.start('uno')
  uno = boards.uno()!
  const work = await mkdtemp(join(tmpdir(), 'mote-capture-uno-'))
  const rows = ['time_s,' + CHANNELS.map((c) => `A${c}`).join(',')]
  for (let s = 0; s < STEPS; s++)
    rows.push([(s * STEP_MS) / 1000, ...CHANNELS.map((c) => millivolts(s, c))].join(','))
  await writeFile(join(work, 'signal.csv'), rows.join('\n') + '\n')
  let settings = { axesBySerialNumber: {} } as unknown as Settings
  capture = new CaptureService({
    open: serialStreamOpener(),
    save: async (s) => {
      saved.push(s)
      return { ...s, id: `s-${saved.length}abc`, category: 'training', createdAt: '' } as SampleMeta
    },
    settings: { get: async () => settings, update: async (p) => (settings = { ...settings, ...p }) },
    installFirmware: captureFirmwareInstaller({
      build: (project, out, callbacks) => toolchain.build(project, out, callbacks),
      flasherFor: () =>
        new Stk500v1Flasher({
          opener: nodeSerialOpener,
          resetFor: async () => controlSocketReset(info.controlSocket),
          sleep,
        }),
      fs: nodeFileSystem,
      resourcesDir: RESOURCES_DIR,
      buildDir: join(work, 'build'),
    }),
  })
  const progress: string[] = []
  capture.onDidFirmwareProgress((p) => progress.push(p.phrase))
  const installed = await capture.installFirmware(info.port, 'virtual-uno')
  expect(installed.flashBytes).toBeGreaterThan(1000)
  expect(progress.some((p) => /Writing page/i.test(p))).toBe(true)
  await uno.loadSignal(join(work, 'signal.csv'), true)
}, 300_000)

afterAll(async () => {
  await boards?.stopAll()
})

/**
 * Every value is the file's value for its channel at some step, and each channel walks through the steps in
 * order, one at a time, none skipped. Channels are converted one after another (52 µs apart), so at a step
 * boundary the first channels of a frame may still read the old step and the last ones the new: channels
 * are allowed to be one step apart, never more.
 */
function checkAgainstFile(sample: NewSample, channels: readonly number[]): void {
  const axes = channels.length
  const valueAt = (t: number, j: number) => sample.values[t * axes + j]!
  const steps = channels.map((c, j) => {
    const s = [...Array(STEPS).keys()].find((k) => expectedValue(millivolts(k, c)) === valueAt(0, j))
    if (s === undefined)
      throw new Error(`A${c} starts at ${valueAt(0, j)} mV, which is no row of the signal file`)
    return s
  })
  let advances = 0
  for (let t = 1; t < sample.length; t++) {
    channels.forEach((c, j) => {
      const next = (steps[j]! + 1) % STEPS
      if (valueAt(t, j) === expectedValue(millivolts(next, c))) {
        steps[j] = next
        if (j === 0) advances++
      } else if (valueAt(t, j) !== expectedValue(millivolts(steps[j]!, c))) {
        throw new Error(
          `frame ${t}: A${c} reads ${valueAt(t, j)} mV, neither step ${steps[j]} nor ${next} of the file`,
        )
      }
    })
    const spread = (Math.max(...steps) - Math.min(...steps) + STEPS) % STEPS
    expect(
      Math.min(spread, STEPS - spread),
      `frame ${t}: channels more than one step apart`,
    ).toBeLessThanOrEqual(1)
  }
  const framesPerStep = (sample.rateHz * STEP_MS) / 1000
  expect(advances).toBeGreaterThanOrEqual(Math.floor(sample.length / framesPerStep) - 1)
}

describe('the Uno capture firmware on the virtual Uno, ADC fed from a signal file', () => {
  it('says Hello with its six channels and records A0, A1 and A3 at 100 Hz with the file’s values', async () => {
    const probe = await capture.probe(uno.state.port, 500_000)
    expect(probe.protocol).toBe('mote')
    expect(probe.board).toMatchObject({
      boardId: 'arduino-uno',
      firmwareName: 'mote-capture',
      protocolVersion: 1,
    })
    expect(probe.board!.channels.map((c) => c.name)).toEqual(['A0', 'A1', 'A2', 'A3', 'A4', 'A5'])
    const final = await capture.record({
      portPath: uno.state.port,
      baudRate: 500_000,
      label: 'steps',
      seconds: 3,
      countdownMs: 0,
      rateHz: 100,
      channels: [0, 1, 3],
    })
    expect(final.phase).toBe('done')
    expect([final.lostSamples, final.corruptFrames]).toEqual([0, 0])
    const sample = saved.at(-1)!
    expect([sample.length, sample.rateHz, sample.axes.map((a) => `${a.name} ${a.unit}`)]).toEqual([
      300,
      100,
      ['A0 mV', 'A1 mV', 'A3 mV'],
    ])
    checkAgainstFile(sample, [0, 1, 3])
  }, 60_000)

  it('streams all six channels at 1 kHz without losing a sample', async () => {
    const final = await capture.record({
      portPath: uno.state.port,
      baudRate: 500_000,
      label: 'fast',
      seconds: 2,
      countdownMs: 0,
      rateHz: 1000,
    })
    expect(final.phase).toBe('done')
    expect([final.lostSamples, final.corruptFrames]).toEqual([0, 0])
    const sample = saved.at(-1)!
    expect([sample.length, sample.rateHz]).toEqual([2000, 1000])
    checkAgainstFile(sample, CHANNELS)
  }, 60_000)

  it('refuses a rate the firmware cannot keep with the board’s own words', async () => {
    await expect(
      capture.record({
        portPath: uno.state.port,
        baudRate: 500_000,
        label: 'x',
        seconds: 1,
        countdownMs: 0,
        rateHz: 5000,
      }),
    ).resolves.toMatchObject({
      phase: 'failed',
      error: { message: expect.stringMatching(/at most 2000 Hz/) },
    })
  }, 60_000)
})
