import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findBoard } from '../../../../src/core/boards/board-lookup'
import type { Board } from '../../../../src/core/boards/types'
import { defaultInputLsb, dspDesignCode } from '../../../../src/core/codegen/c/dsp-params'
import { GESTURE_LABELS } from '../../../../src/core/demo/gestures'
import { extractWindow, windowLayout, windowStarts } from '../../../../src/core/dsp'
import { dspMetaOf } from '../../../../src/core/train/design'
import { gestureSamples, gesturesDesign } from '../../../../src/main/services/demo/demo-samples'
import type { TestWindow } from '../../../../src/main/services/device-test/device-test-run'
import type {
  FirmwareAppInput,
  LiveSource,
} from '../../../../src/main/services/device-test/firmware-app-types'
import { firmwarePortOf } from '../../../../src/main/services/device-test/firmware-ports'
import {
  buildInferenceFirmware,
  type InferenceFirmwareBuild,
} from '../../../../src/main/services/device-test/inference-firmware'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import type { ToolchainService } from '../../../../src/main/services/toolchain/toolchain-service'
import { demoGraphs } from '../../../core/codegen/c/demo-graphs'
import { RESOURCES_DIR } from '../virtual-boards/fixtures'

/**
 * The gestures demo as the studio deploys it: the demo's samples and feature design (spectral on 2 s
 * windows of three axes), and its dense model built and quantized as the codegen tests build it.
 */
const samples = gestureSamples(new Date(0))
const design = gesturesDesign(samples)
export const gestures = demoGraphs()[0]!
export const GESTURE_CLASSES = GESTURE_LABELS.length

/** An ADXL335-like analog accelerometer on a 5 V Uno: 1650 mV at 0, 330 mV per g (33.65 mV per m/s²). */
export const ANALOG_ACCELEROMETER: LiveSource = {
  kind: 'analog',
  fullScaleMillivolts: 5000,
  channels: [0, 1, 2].map(() => ({ zeroMillivolts: 1650, millivoltsPerUnit: 330 / 9.80665 })),
}

export function gesturesFirmwareInput(board: Board): FirmwareAppInput {
  const meta = dspMetaOf(design.input)
  const { numeric } = firmwarePortOf(board)
  const inputLsb = defaultInputLsb.series
  const live: LiveSource = firmwarePortOf(board).analogSampler
    ? ANALOG_ACCELEROMETER
    : {
        kind: 'synthetic',
        axes: [0, 1, 2].map((a) => ({ offset: a === 2 ? 9.8 : 0, amplitude: 4, hz: 1 + a })),
      }
  return {
    boardId: board.id,
    model: { graph: gestures.int8, project: 'gestures demo', variant: 'int8' },
    features: {
      design: design.features,
      meta,
      numeric,
      inputLsb,
      code: dspDesignCode(design.features, meta, { numeric, inputLsb }),
    },
    live,
  }
}

/** The first window of each of the demo's test recordings, round-robin over the labels, `count` of them. */
export function gestureTestWindows(count: number): TestWindow[] {
  const layout = windowLayout(design.features.window, 62.5)
  const tests = samples.filter((s) => s.meta.category === 'testing')
  return Array.from({ length: count }, (_, i) => {
    const sample = tests[(i * 7) % tests.length]!
    const start = windowStarts(sample.meta.length, layout, false)[i % 3]!
    return {
      values: extractWindow(sample.values, 3, start, layout.windowFrames),
      label: GESTURE_LABELS.indexOf(sample.meta.label as (typeof GESTURE_LABELS)[number]),
      name: `${sample.meta.id}#${i % 3}`,
    }
  })
}

export async function buildGestures(
  toolchain: ToolchainService,
  boardId: string,
): Promise<InferenceFirmwareBuild> {
  const board = findBoard(boardId)!
  const out = await mkdtemp(join(tmpdir(), `mote-inference-${boardId}-`))
  return buildInferenceFirmware(
    { fs: nodeFileSystem, resourcesDir: RESOURCES_DIR, build: (p, o, c) => toolchain.build(p, o, c) },
    board,
    gesturesFirmwareInput(board),
    out,
  )
}
