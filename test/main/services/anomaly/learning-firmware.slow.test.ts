import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  anomalyWindows,
  learnOnDevice,
  onDeviceInput,
  onDeviceScore,
  rowOf,
} from '../../../../src/core/anomaly'
import { findBoard } from '../../../../src/core/boards/board-lookup'
import { readFirmwareImage } from '../../../../src/main/services/firmware/firmware-image'
import { Stk500v1Flasher } from '../../../../src/main/services/flash/stk500v1-flasher'
import { stk500ResetResolver } from '../../../../src/main/services/flash/stk500v1-reset'
import { nodeSerialOpener } from '../../../../src/main/services/serial/serial-port'
import { boardBuildTarget } from '../../../../src/main/services/toolchain/board-target'
import { vibrationDesign, vibrationSamples } from '../../../../src/main/services/demo/vibration-demo'
import type { VirtualBoardsService } from '../../../../src/main/services/virtual-boards/virtual-boards-service'
import { AnomalyLearnLink } from '../../../../src/main/services/anomaly/learn-link'
import { learnOnBoard } from '../../../../src/main/services/anomaly/learn-on-board'
import { DemoService } from '../../../../src/main/services/demo/demo-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'
import { RESOURCES_DIR, sleep, testToolchain, testVirtualBoards } from '../virtual-boards/fixtures'

/**
 * The on-device learning firmware (resources/firmware/anomaly/uno_learn.c) end to end on the virtual Uno:
 * built with avr-gcc, flashed through optiboot over STK500v1, then through the host's AnomalyLearnLink it learns 32 normal
 * windows of the vibration demo, saves the model to EEPROM and scores 24 windows; after a reset it still
 * has the model and scores the same. Every score must equal the TypeScript model's.
 */
const LEARN = 32
const TEST = 24
let boards: VirtualBoardsService
let port = ''
let learn: Int16Array[]
let test: Int16Array[]

beforeAll(async () => {
  const samples = vibrationSamples(new Date(0))
  const byId = new Map(samples.map((s) => [s.meta.id, s.values]))
  const windows = await anomalyWindows(vibrationDesign(samples), {
    samples: samples.map((s) => s.meta),
    load: async (id) => byId.get(id)!,
  })
  const every = (rows: number, count: number) =>
    Array.from({ length: count }, (_, i) => Math.floor((i * rows) / count))
  learn = every(windows.fit.rows, LEARN).map((r) => onDeviceInput(rowOf(windows.fit, r)))
  test = every(windows.test.rows, TEST).map((r) => onDeviceInput(rowOf(windows.test, r)))
  const toolchain = testToolchain()
  boards = (await testVirtualBoards(toolchain)).service
  port = (await boards.start('uno')).port
  const out = await mkdtemp(join(tmpdir(), 'mote-anomaly-learn-'))
  const built = await toolchain.build(
    {
      name: 'anomaly-learn',
      sourceDir: join(RESOURCES_DIR, 'firmware', 'anomaly'),
      sources: ['uno_learn.c', 'mote_anomaly_learn.c', 'mote_anomaly_eeprom_avr.c'],
      ...boardBuildTarget(findBoard('uno')!),
      defines: { MOTE_AL_FEATURES: windows.fit.cols },
    },
    out,
  )
  const image = readFirmwareImage(new Uint8Array(await readFile(built.elfPath)), 'elf', {
    mcu: 'atmega328p',
    source: 'anomaly-learn.elf',
  })
  const flasher = new Stk500v1Flasher({
    opener: nodeSerialOpener,
    resetFor: stk500ResetResolver((p) => boards.findByPort(p), sleep),
    sleep,
  })
  await flasher.flash(image, { port, boardId: 'virtual-uno' }, {})
}, 180_000)

afterAll(async () => {
  await boards?.stopAll()
})

describe('the on-device learning firmware on the virtual Uno, driven by AnomalyLearnLink', () => {
  it('learns normal from the next windows, keeps it across a reset, and scores exactly as the TypeScript model', async () => {
    const model = learnOnDevice(learn)
    const expected = test.map((q) => ({ score: onDeviceScore(model, q) }))
    const first = await AnomalyLearnLink.open(nodeSerialOpener, port)
    try {
      expect(first.info.features).toBe(learn[0]!.length)
      await expect(first.link.startLearning(1)).rejects.toMatchObject({
        message: expect.stringMatching(/error command/),
      })
      await first.link.startLearning(LEARN)
      for (const [i, q] of learn.entries())
        expect(await first.link.sendWindow(q)).toEqual(i + 1 < LEARN ? { learned: i + 1 } : { saved: LEARN })
      const scores = []
      for (const q of test) scores.push(await first.link.sendWindow(q))
      expect(scores).toEqual(expected)
      await expect(first.link.sendWindow(new Int16Array(3))).rejects.toMatchObject({
        message: expect.stringMatching(/error features/),
      })
    } finally {
      await first.link.close()
    }
    // Opening the port again resets the board: the model comes back from EEPROM. The harness notices a
    // close by polling the pty, so a reopen at once can go unnoticed (no reset, no banner).
    await sleep(500)
    const again = await AnomalyLearnLink.open(nodeSerialOpener, port)
    try {
      expect(again.info).toEqual({ features: learn[0]!.length, modelWindows: LEARN })
      expect(await again.link.sendWindow(test[0]!)).toEqual(expected[0])
    } finally {
      await again.link.close()
    }
  }, 120_000)

  it('learns a vibration project’s normal windows on the board and checks its test scores (learnOnBoard)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mote-anomaly-board-'))
    const project = new ProjectService({
      fs: nodeFileSystem,
      configDir: join(root, 'config'),
      appVersion: '0',
    })
    const demo = new DemoService({ project, fs: nodeFileSystem, runner: nodeProcessRunner, appVersion: '0' })
    const dir = (await demo.create('vibration', join(root, 'vibration'))).dir
    await sleep(500) // the previous test's close must be noticed, so that opening resets the board
    const report = await learnOnBoard(dir, {
      fs: nodeFileSystem,
      opener: nodeSerialOpener,
      port,
      windows: 24,
      testWindows: 16,
    })
    expect(report).toMatchObject({ learned: 24, tested: 16, mismatches: 0 })
    expect(report.auc).toBeGreaterThan(0.5)
  }, 120_000)
})
