/**
 * The estimator's memory figures against real builds of the Mote inference firmware
 * (`npm run bench estimate-firmware`; `--check` exits 1 when an estimate is off by more than the goal).
 * Each case is built with the deploy step's own function (buildInferenceFirmware, the Debian toolchains,
 * -Os and --gc-sections) for the virtual Uno (avr-gcc), the virtual M4 (soft float, fixed DSP) and the
 * Nucleo-L4R5ZI (hard float, float DSP); its linker map is split into the estimator's parts
 * (bench/estimate/firmware-parts.ts) and printed beside the estimate of the same pipeline. The firmware
 * bases and kernel sizes in src/core/boards/code-size.ts are read from this table (docs/estimate.md "Memory").
 */
import '@tensorflow/tfjs-backend-cpu'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findBoard } from '../src/core/boards/board-lookup'
import { dspNumericOf } from '../src/core/boards/cost-model'
import { dspWorkload } from '../src/core/boards/estimate-dsp'
import { estimateMemory } from '../src/core/boards/estimate-memory'
import { modelWorkload } from '../src/core/boards/estimate-model'
import type { Board } from '../src/core/boards/types'
import type { ModelGraph } from '../src/core/model/graph'
import type { FirmwareAppInput } from '../src/main/services/device-test/firmware-app-types'
import { buildInferenceFirmware } from '../src/main/services/device-test/inference-firmware'
import { nodeFileSystem } from '../src/main/services/system/file-system'
import { gesturesFirmwareInput } from '../test/main/services/device-test/deploy-fixtures'
import { RESOURCES_DIR, testToolchain } from '../test/main/services/virtual-boards/fixtures'
import { firmwareParts, sourceGroups, type FirmwareParts } from './estimate/firmware-parts'
import { parseLinkerMap } from './estimate/map-sizes'
import { calibrationModels } from './estimate/models'

/** The accuracy goal of the memory estimate, flash and static RAM alike. */
const GOAL = 0.1
const BOARDS = ['virtual-uno', 'virtual-m4', 'nucleo-l4r5zi']
const MODEL_ONLY = ['dense 42-32-16-5', 'conv1d 32×3, 8 and 16 filters', 'depthwise-separable 10×10×4']

interface Case {
  readonly name: string
  readonly input: FirmwareAppInput
  readonly graph: ModelGraph
}

function casesFor(board: Board): Case[] {
  const gestures = gesturesFirmwareInput(board)
  const models = calibrationModels().filter((m) => MODEL_ONLY.includes(m.name))
  return [
    { name: 'gestures (spectral + dense)', input: gestures, graph: gestures.model.graph },
    ...models.map((m) => ({
      name: m.name,
      graph: m.graph,
      input: {
        boardId: board.id,
        model: { graph: m.graph, project: 'bench', variant: m.name },
        live: { kind: 'none' },
      } satisfies FirmwareAppInput,
    })),
  ]
}

const toolchain = testToolchain()
const groups = sourceGroups(RESOURCES_DIR)

async function measure(board: Board, c: Case): Promise<{ parts: FirmwareParts; flash: number; ram: number }> {
  const out = await mkdtemp(join(tmpdir(), 'mote-estimate-fw-'))
  const built = await buildInferenceFirmware(
    { fs: nodeFileSystem, resourcesDir: RESOURCES_DIR, build: (p, o, cb) => toolchain.build(p, o, cb) },
    board,
    c.input,
    out,
  )
  const parts = firmwareParts(parseLinkerMap(await readFile(built.mapPath, 'utf8')), groups)
  return { parts, flash: built.size.flashBytes, ram: built.size.ramBytes }
}

function estimateOf(board: Board, c: Case) {
  const numeric = dspNumericOf(board)
  const features = c.input.features
  const dsp = features && dspWorkload(features.design, features.meta)
  return estimateMemory(board, features?.numeric ?? numeric, modelWorkload(c.graph), dsp)
}

const list = (m: ReadonlyMap<string, number>) => [...m].map(([k, v]) => `${k} ${v}`).join(', ')
const pct = (e: number, m: number) => `${(((e - m) / m) * 100).toFixed(1)} %`
const row = (cells: readonly (string | number)[], widths: readonly number[]) =>
  cells.map((c, i) => String(c).padStart(widths[i]!)).join(' ')

async function main(): Promise<void> {
  const check = process.argv.includes('--check')
  let worst = 0
  for (const id of BOARDS) {
    const board = findBoard(id)!
    console.log(`\n${board.name} — flash (firmware, runtime, model, features) and static RAM, bytes`)
    const widths = [30, 7, 7, 7, 6, 7, 9, 8, 6, 7, 9, 8]
    console.log(
      row(['case', 'fw', 'runtime', 'model', 'feat', 'flash', 'estimate', 'error'], widths) +
        ' |' +
        row(['scratch', 'window', 'other', 'RAM', 'estimate', 'error'], [8, 7, 6, 6, 9, 8]),
    )
    const runtimeObjects = new Map<string, number>()
    for (const c of casesFor(board)) {
      const { parts, flash, ram } = await measure(board, c)
      const e = estimateOf(board, c)
      const estRam = e.ram.usedBytes - (e.ram.parts.stack ?? 0)
      worst = Math.max(worst, Math.abs(e.flash.usedBytes / flash - 1), Math.abs(estRam / ram - 1))
      const f = parts.flash
      console.log(
        row(
          [
            c.name.slice(0, 30),
            f.firmware,
            f.runtime,
            f.model,
            f.features,
            flash,
            e.flash.usedBytes,
            pct(e.flash.usedBytes, flash),
          ],
          widths,
        ) +
          ' |' +
          row(
            [
              parts.ram.scratch,
              parts.ram.window,
              parts.ram.firmware + parts.ram.features,
              ram,
              estRam,
              pct(estRam, ram),
            ],
            [8, 7, 6, 6, 9, 8],
          ),
      )
      console.log(`${''.padStart(30)} libraries ${list(parts.libraries)}`)
      if (parts.featureObjects.size > 0)
        console.log(`${''.padStart(30)} features ${list(parts.featureObjects)}`)
      for (const [k, v] of parts.runtimeObjects)
        runtimeObjects.set(k, Math.max(v, runtimeObjects.get(k) ?? 0))
    }
    console.log(`runtime objects (largest of the cases): ${list(runtimeObjects)}`)
  }
  console.log(
    `\nLargest memory estimate error: ${(worst * 100).toFixed(1)} % (goal ${GOAL * 100} %; static RAM: the estimate less its stack)`,
  )
  if (check && worst > GOAL) process.exit(1)
}

await main()
