import { readFile } from 'node:fs/promises'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anomalyWindows, learnOnDevice, onDeviceInput, onDeviceScore, rowOf } from '../../../src/core/anomaly'
import { findBoard } from '../../../src/core/boards/board-lookup'
import { readFirmwareImage } from '../../../src/main/services/firmware/firmware-image'
import { Stk500v1Flasher } from '../../../src/main/services/flash/stk500v1-flasher'
import { stk500ResetResolver } from '../../../src/main/services/flash/stk500v1-reset'
import { nodeSerialOpener } from '../../../src/main/services/serial/serial-port'
import { boardBuildTarget } from '../../../src/main/services/toolchain/board-target'
import { vibrationDesign, vibrationSamples } from '../../../src/main/services/demo/vibration-demo'
import type { VirtualBoardsService } from '../../../src/main/services/virtual-boards/virtual-boards-service'
import {
  openCollector,
  RESOURCES_DIR,
  sleep,
  testToolchain,
  testVirtualBoards,
} from '../../main/services/virtual-boards/fixtures'

/**
 * The on-device learning firmware (resources/firmware/anomaly/uno_learn.c) end to end on the virtual Uno:
 * built with avr-gcc, flashed through optiboot over STK500v1, then over its serial port it learns 32 normal
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

/** Sends one line and waits for the reply line after what arrived so far. */
async function ask(serial: Awaited<ReturnType<typeof openCollector>>, line: string): Promise<string> {
  const before = serial.text().length
  await serial.write(line + '\n')
  const deadline = Date.now() + 5000
  for (;;) {
    const fresh = serial.text().slice(before)
    const end = fresh.indexOf('\n')
    if (end >= 0) return fresh.slice(0, end)
    if (Date.now() > deadline)
      throw new Error(`no reply to "${line.slice(0, 30)}…"; got ${JSON.stringify(fresh)}`)
    await sleep(5)
  }
}

const windowLine = (q: Int16Array) => `W ${Array.from(q).join(' ')}`

describe('the on-device learning firmware on the virtual Uno', () => {
  it('learns normal from the next windows, keeps it across a reset, and scores exactly as the TypeScript model', async () => {
    const model = learnOnDevice(learn)
    const expected = test.map((q) => `score ${onDeviceScore(model, q)}`)
    const serial = await openCollector(port)
    try {
      await serial.until('model=', 5000)
      await serial.until('\n', 1000)
      expect(await ask(serial, 'L 1')).toBe('error command')
      expect(await ask(serial, `L ${LEARN}`)).toBe(`ok learn ${LEARN}`)
      for (const [i, q] of learn.entries())
        expect(await ask(serial, windowLine(q))).toBe(i + 1 < LEARN ? `learned ${i + 1}` : `saved ${LEARN}`)
      const scores: string[] = []
      for (const q of test) scores.push(await ask(serial, windowLine(q)))
      expect(scores).toEqual(expected)
      expect(await ask(serial, 'W 1 2 3')).toBe('error features')
    } finally {
      await serial.close()
    }
    const again = await openCollector(port) // opening resets the board: the model comes back from EEPROM
    try {
      await again.until(`features=${learn[0]!.length} model=${LEARN}\n`, 5000)
      expect(await ask(again, windowLine(test[0]!))).toBe(expected[0])
    } finally {
      await again.close()
    }
  }, 120_000)
})
