import '@tensorflow/tfjs-backend-cpu'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { firmwareParts, sourceGroups } from '../../../bench/estimate/firmware-parts'
import { parseLinkerMap } from '../../../bench/estimate/map-sizes'
import { findBoard } from '../../../src/core/boards/board-lookup'
import { dspWorkload } from '../../../src/core/boards/estimate-dsp'
import { estimateMemory } from '../../../src/core/boards/estimate-memory'
import { modelWorkload } from '../../../src/core/boards/estimate-model'
import { buildGestures, gesturesFirmwareInput } from '../../main/services/device-test/deploy-fixtures'
import { RESOURCES_DIR, testToolchain } from '../../main/services/virtual-boards/fixtures'

/**
 * The memory estimate against the firmware the Deploy step really builds: the gestures demo (spectral
 * features, the dense model) compiled by buildInferenceFirmware for the virtual Uno and the virtual M4.
 * Flash and static RAM within 10 % (the stack is not in a build's static figures), and the linker map's
 * split into the estimator's parts adds up to the size report's totals.
 */
const toolchain = testToolchain()

describe.each(['virtual-uno', 'virtual-m4'])('the memory estimate for the gestures demo on the %s', (id) => {
  it('is within 10 % of the built firmware’s flash and static RAM', async () => {
    const board = findBoard(id)!
    const built = await buildGestures(toolchain, id)
    const input = gesturesFirmwareInput(board)
    const features = input.features!
    const estimate = estimateMemory(
      board,
      features.numeric,
      modelWorkload(input.model.graph),
      dspWorkload(features.design, features.meta),
    )
    const staticRam = estimate.ram.usedBytes - estimate.ram.parts.stack!
    expect(Math.abs(estimate.flash.usedBytes / built.size.flashBytes - 1)).toBeLessThan(0.1)
    expect(Math.abs(staticRam / built.size.ramBytes - 1)).toBeLessThan(0.1)

    const parts = firmwareParts(
      parseLinkerMap(await readFile(built.mapPath, 'utf8')),
      sourceGroups(RESOURCES_DIR),
    )
    const flash = Object.values(parts.flash).reduce((a, b) => a + b, 0)
    const ram = Object.values(parts.ram).reduce((a, b) => a + b, 0)
    // The map's input sections add up to the size report's sections, less alignment padding.
    expect(flash).toBeLessThanOrEqual(built.size.flashBytes)
    expect(flash).toBeGreaterThan(built.size.flashBytes - 128)
    expect(ram).toBeLessThanOrEqual(built.size.ramBytes)
    expect(ram).toBeGreaterThan(built.size.ramBytes - 16)
    // The window, the features and the scratch are the buffers the estimator counts apart.
    expect(parts.ram.window).toBe(estimate.ram.parts.window)
    expect(parts.ram.features).toBe(estimate.ram.parts.features)
    expect(parts.ram.scratch).toBe(
      estimate.ram.parts.arena! + estimate.ram.parts.link! + estimate.ram.parts.dspWork!,
    )
  }, 120_000)
})
