import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBoard } from '../../../../src/core/boards/board-lookup'
import { defaultInputLsb, dspDesignCode } from '../../../../src/core/codegen/c/dsp-params'
import { createRng } from '../../../../src/core/train/random'
import { dspMetaOf } from '../../../../src/core/train/design'
import { keywordsDesign } from '../../../../src/main/services/demo/demo-samples'
import { DEMO_RATE_HZ } from '../../../../src/main/services/demo/speech-synth'
import { runDeviceTest } from '../../../../src/main/services/device-test/device-test-run'
import { InferenceClient } from '../../../../src/main/services/device-test/inference-client'
import { buildInferenceFirmware } from '../../../../src/main/services/device-test/inference-firmware'
import { readFirmwareImage } from '../../../../src/main/services/firmware/firmware-image'
import { QemuFlasher } from '../../../../src/main/services/flash/qemu-flasher'
import { nodeSerialOpener, type RawSerialPort } from '../../../../src/main/services/serial/serial-port'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import type { VirtualBoardsService } from '../../../../src/main/services/virtual-boards/virtual-boards-service'
import { demoGraphs } from '../../../core/codegen/c/demo-graphs'
import { RESOURCES_DIR, testToolchain, testVirtualBoards } from '../virtual-boards/fixtures'

/**
 * The keywords demo (1 s of 16 kHz audio → MFE → the 1-D CNN) deployed to the virtual Cortex-M4 with
 * the DSP on the board: raw one-second windows in, zero mismatches with the host's int8 reference.
 */
const keywords = demoGraphs()[1]!
const meta = {
  id: 'yes',
  label: 'yes',
  kind: 'audio' as const,
  category: 'training' as const,
  rateHz: DEMO_RATE_HZ,
  axes: [{ name: 'audio', unit: '' }],
  length: DEMO_RATE_HZ,
  source: 'test',
  createdAt: new Date(0).toISOString(),
}
const design = keywordsDesign(
  ['yes', 'no'].map((label) => ({
    meta: { ...meta, id: label, label },
    values: new Float32Array(DEMO_RATE_HZ),
  })) as never,
)
let boards: VirtualBoardsService
let serial: RawSerialPort
let client: InferenceClient

beforeAll(async () => {
  const toolchain = testToolchain()
  boards = (await testVirtualBoards(toolchain)).service
  const board = findBoard('virtual-m4')!
  const dspMeta = dspMetaOf(design.input)
  const target = { numeric: 'fixed' as const, inputLsb: defaultInputLsb.audio }
  const built = await buildInferenceFirmware(
    { fs: nodeFileSystem, resourcesDir: RESOURCES_DIR, build: (p, o, c) => toolchain.build(p, o, c) },
    board,
    {
      boardId: board.id,
      model: { graph: keywords.int8 },
      features: {
        design: design.features,
        meta: dspMeta,
        ...target,
        code: dspDesignCode(design.features, dspMeta, target),
      },
      live: { kind: 'none' },
    },
    await mkdtemp(join(tmpdir(), 'mote-keywords-m4-')),
  )
  const info = await boards.start('m4')
  const image = readFirmwareImage(new Uint8Array(await readFile(built.elfPath)), 'elf', {
    mcu: 'mps2-an386',
    source: 'keywords',
  })
  const work = await mkdtemp(join(tmpdir(), 'mote-qemu-load-'))
  await new QemuFlasher({
    findVirtual: (p) => boards.findByPort(p),
    fs: nodeFileSystem,
    tempDir: work,
  }).flash(image, { port: info.port, boardId: board.id }, {})
  serial = await nodeSerialOpener(info.port, { baudRate: 115_200 })
  client = await InferenceClient.connect(serial)
}, 240_000)

afterAll(async () => {
  client?.dispose()
  await serial?.close()
  await boards?.stopAll()
})

describe('the keywords demo on the virtual Cortex-M4', () => {
  it('computes 4 one-second windows of audio exactly as the host reference on the board’s MFE features', async () => {
    expect(client.identity).toMatchObject({
      windowValues: DEMO_RATE_HZ,
      sampleType: 'int16',
      dsp: 'fixed',
    })
    expect(client.identity.featureCount).toBe(client.identity.input.bytes)
    const rng = createRng(7)
    const windows = Array.from({ length: 4 }, (_, i) => ({
      values: Float32Array.from(
        { length: DEMO_RATE_HZ },
        (_, t) => 0.3 * Math.sin(t / (5 + i)) + 0.05 * (rng.next() - 0.5),
      ),
      label: 0,
      name: `tone ${i}`,
    }))
    const { report, error } = await runDeviceTest(client, keywords.int8, windows, design.labels.length, {
      timeoutMs: 60_000,
    })
    console.log(
      'keywords on the virtual M4',
      JSON.stringify({ ...report, mismatchList: report.mismatchList.length }),
    )
    expect(error).toBeUndefined()
    expect(report).toMatchObject({ windows: 4, mismatches: 0 })
  }, 300_000)
})
