import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentHash } from '../../../../src/core/codegen/c/generate'
import type { LiveClassification } from '../../../../src/shared/api/device-test'
import { runDeviceTest } from '../../../../src/main/services/device-test/device-test-run'
import { InferenceClient } from '../../../../src/main/services/device-test/inference-client'
import { readFirmwareImage } from '../../../../src/main/services/firmware/firmware-image'
import { QemuFlasher } from '../../../../src/main/services/flash/qemu-flasher'
import { Stk500v1Flasher } from '../../../../src/main/services/flash/stk500v1-flasher'
import { nodeSerialOpener, type RawSerialPort } from '../../../../src/main/services/serial/serial-port'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import type { VirtualBoardsService } from '../../../../src/main/services/virtual-boards/virtual-boards-service'
import { controlSocketReset } from '../../../../src/main/services/virtual-boards/virtual-reset'
import { sleep, testToolchain, testVirtualBoards } from '../virtual-boards/fixtures'
import { GESTURE_CLASSES, buildGestures, gestureTestWindows, gestures } from './deploy-fixtures'

/**
 * The Mote inference firmware end to end on the virtual boards: the gestures demo (spectral features on
 * raw 2 s windows, the DSP on the board) built with the Debian toolchains, flashed through optiboot
 * (virtual Uno) or QEMU's loader (virtual M4), then tested window by window against the host's int8
 * reference on the model input the board computed: zero mismatches. Live classification from the virtual
 * Uno's ADC (a signal file) and from the M4's synthetic input.
 */
const WINDOWS = 12
let boards: VirtualBoardsService
const toolchain = testToolchain()

beforeAll(async () => {
  boards = (await testVirtualBoards(toolchain)).service
}, 60_000)

afterAll(async () => {
  await boards?.stopAll()
})

async function connect(port: string, baudRate: number) {
  const serial = await nodeSerialOpener(port, { baudRate })
  return { serial, client: await InferenceClient.connect(serial) }
}

async function liveResults(client: InferenceClient, count: number): Promise<LiveClassification[]> {
  const got: LiveClassification[] = []
  await client.startLive((r) => got.push(r))
  const deadline = Date.now() + 20_000
  while (got.length < count && Date.now() < deadline) await sleep(100)
  const stopped = await client.stopLive()
  expect(stopped.windows).toBeGreaterThanOrEqual(got.length)
  return got
}

describe('the inference firmware on the virtual Uno (gestures, DSP on the board)', () => {
  let serial: RawSerialPort
  let client: InferenceClient
  let flashBytes = 0
  let ramBytes = 0

  beforeAll(async () => {
    const built = await buildGestures(toolchain, 'virtual-uno')
    flashBytes = built.size.flashBytes
    ramBytes = built.size.ramBytes
    const info = await boards.start('uno')
    const image = readFirmwareImage(new Uint8Array(await readFile(built.elfPath)), 'elf', {
      mcu: 'atmega328p',
      source: 'inference firmware',
    })
    const flasher = new Stk500v1Flasher({
      opener: nodeSerialOpener,
      resetFor: async () => controlSocketReset(info.controlSocket),
      sleep,
    })
    await flasher.flash(image, { port: info.port, boardId: 'virtual-uno' }, {})
    ;({ serial, client } = await connect(info.port, 500_000))
  }, 180_000)

  afterAll(async () => {
    client?.dispose()
    await serial?.close()
  })

  it('fits the Uno: flash under 31.5 KB (optiboot keeps 512 bytes), static RAM leaving the stack room it needs', () => {
    console.log(`gestures on the Uno: flash ${flashBytes} B of 32256, static RAM ${ramBytes} B of 2048`)
    expect(flashBytes).toBeLessThanOrEqual(32256)
    expect(ramBytes).toBeLessThanOrEqual(2048 - 360)
  })

  it('identifies itself: board, model hash, clock, cycle counter, window layout', () => {
    const id = client.identity
    expect(id.boardId).toBe('virtual-uno')
    expect(id.modelHash).toBe(contentHash({ graph: gestures.int8 }))
    expect(id).toMatchObject({ clockHz: 16_000_000, cycleCounter: 'cpu', dsp: 'fixed', sampleType: 'int16' })
    expect(id).toMatchObject({ windowValues: 375, axes: 3, featureCount: 42, live: 'analog' })
    expect(id.input).toMatchObject({ dtype: 'int8', bytes: 42, shape: [1, 42] })
  })

  it(`computes ${WINDOWS} raw windows exactly as the host int8 reference does on the board's features`, async () => {
    const { report, error } = await runDeviceTest(
      client,
      gestures.int8,
      gestureTestWindows(WINDOWS),
      GESTURE_CLASSES,
    )
    console.log('virtual Uno report', JSON.stringify({ ...report, mismatchList: report.mismatchList.length }))
    expect(error).toBeUndefined()
    expect(report.windows).toBe(WINDOWS)
    expect(report.mismatches).toBe(0)
    expect(report.cycles.dspMedian).toBeGreaterThan(100_000)
    expect(report.cycles.modelMedian).toBeGreaterThan(1000)
    expect(report.stackHighWaterBytes).toBeLessThan(client.identity.stackBytes)
  }, 60_000)

  it('classifies live from A0–A2 fed by the virtual Uno’s signal file, one result per stride', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-live-uno-'))
    const rows = ['time_s,A0,A1,A2']
    for (let i = 0; i <= 400; i++) {
      const t = i / 100
      rows.push(
        [t, 1650 + 300 * Math.sin(2 * Math.PI * 2 * t), 1650, 1980].map((v) => v.toFixed(3)).join(','),
      )
    }
    await writeFile(join(dir, 'signal.csv'), rows.join('\n') + '\n')
    await boards.uno()!.loadSignal(join(dir, 'signal.csv'), true)
    const got = await liveResults(client, 3)
    expect(got.length).toBeGreaterThanOrEqual(3)
    expect(got.map((r) => r.output.length)).toEqual(got.map(() => 5))
    // Consecutive windows start one stride (31 frames) apart unless frames were lost in between.
    for (let i = 1; i < got.length; i++)
      if (got[i]!.overruns === got[i - 1]!.overruns)
        expect(got[i]!.firstFrame - got[i - 1]!.firstFrame).toBe(31)
  }, 60_000)
})

describe('the inference firmware on the virtual Cortex-M4 (gestures, DSP on the board)', () => {
  let serial: RawSerialPort
  let client: InferenceClient

  beforeAll(async () => {
    const built = await buildGestures(toolchain, 'virtual-m4')
    const info = await boards.start('m4')
    const image = readFirmwareImage(new Uint8Array(await readFile(built.elfPath)), 'elf', {
      mcu: 'mps2-an386',
      source: 'inference',
    })
    const work = await mkdtemp(join(tmpdir(), 'mote-qemu-load-'))
    const flasher = new QemuFlasher({
      findVirtual: (p) => boards.findByPort(p),
      fs: nodeFileSystem,
      tempDir: work,
    })
    await flasher.flash(image, { port: info.port, boardId: 'virtual-m4' }, {})
    ;({ serial, client } = await connect(info.port, 115_200))
  }, 180_000)

  afterAll(async () => {
    client?.dispose()
    await serial?.close()
  })

  it(`computes ${WINDOWS} raw windows exactly as the host reference, counting instructions`, async () => {
    expect(client.identity).toMatchObject({
      boardId: 'virtual-m4',
      cycleCounter: 'instructions',
      live: 'synthetic',
    })
    const { report, error } = await runDeviceTest(
      client,
      gestures.int8,
      gestureTestWindows(WINDOWS),
      GESTURE_CLASSES,
    )
    console.log('virtual M4 report', JSON.stringify({ ...report, mismatchList: report.mismatchList.length }))
    expect(error).toBeUndefined()
    expect(report.mismatches).toBe(0)
    expect(report.windows).toBe(WINDOWS)
  }, 60_000)

  it('classifies its synthetic live input', async () => {
    const got = await liveResults(client, 2)
    expect(got.length).toBeGreaterThanOrEqual(2)
    expect(got[1]!.window).toBe(got[0]!.window + 1)
  }, 60_000)
})
