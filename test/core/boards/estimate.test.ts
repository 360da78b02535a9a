import { describe, expect, it } from 'vitest'
import { generateModelCode } from '../../../src/core/codegen/c'
import { activationMemory } from '../../../src/core/model/memory'
import { readTflite } from '../../../src/core/codegen/tflite/reader'
import { dspDesignCode } from '../../../src/core/codegen/c/dsp-params'
import { BOARDS } from '../../../src/core/boards/catalog'
import { FAMILY_COSTS } from '../../../src/core/boards/cost-derived'
import { costFamilyOf } from '../../../src/core/boards/cost-model'
import { designWorkload } from '../../../src/core/boards/estimate-design'
import { estimateBoard, estimateBoards } from '../../../src/core/boards/estimate'
import { modelWorkload } from '../../../src/core/boards/estimate-model'
import { BATTERIES } from '../../../src/core/boards/estimate-energy'
import { dspMetaOf } from '../../../src/core/train/design'
import { mlperfTinyBytes } from '../../fixtures/mlperf-tiny'
import { board, gesturesLikeDesign, keywordsLikeDesign } from './estimate-fixtures'

const options = { inferencesPerSecond: 2 }

describe('the per-board estimate', () => {
  it('turns cycles into milliseconds at each board’s clock, and the cycles are the cost model’s sum', () => {
    const work = designWorkload(gesturesLikeDesign())
    for (const b of BOARDS) {
      const e = estimateBoard(b, work, options)
      const costs = FAMILY_COSTS[costFamilyOf(b)]
      let cycles = 0
      for (const op of work.model!.ops) {
        if (op.kernelClass === 'alias') continue
        const c = costs.int8[op.kernelClass]
        cycles += c.perOp + c.perMac * op.macs + c.perOutput * op.outputs
        cycles += (c.perPixel ?? 0) * op.pixels + (c.perPatchValue ?? 0) * op.patchValues
      }
      expect(e.latency.modelCycles / e.latency.stallFactor, b.id).toBeCloseTo(cycles, 6)
      expect(e.latency.totalMs, b.id).toBeCloseTo(
        ((e.latency.modelCycles + e.latency.dspCycles) / b.clockHz) * 1000,
        9,
      )
    }
  })

  it('grows in latency, flash and RAM with a wider model on every board', () => {
    const narrow = designWorkload(keywordsLikeDesign(1))
    const wide = designWorkload(keywordsLikeDesign(2))
    for (const b of BOARDS) {
      const a = estimateBoard(b, narrow, options)
      const z = estimateBoard(b, wide, options)
      expect(z.latency.modelMs, b.id).toBeGreaterThan(a.latency.modelMs)
      expect(z.memory.flash.parts.weights, b.id).toBeGreaterThan(a.memory.flash.parts.weights!)
      expect(z.memory.ram.usedBytes, b.id).toBeGreaterThanOrEqual(a.memory.ram.usedBytes)
      expect(z.latency.dspMs, b.id).toBe(a.latency.dspMs)
    }
  })

  it('halves the latency when the same core runs twice as fast', () => {
    const work = designWorkload(gesturesLikeDesign())
    const l4 = board('nucleo-l4r5zi')
    const slow = estimateBoard({ ...l4, clockHz: l4.clockHz / 2 }, work, options)
    const fast = estimateBoard(l4, work, options)
    expect(slow.latency.totalMs).toBeCloseTo(2 * fast.latency.totalMs, 9)
  })

  it('flags a board that does not fit, with the numbers', () => {
    const uno = estimateBoard(board('uno'), designWorkload(keywordsLikeDesign(2)), options)
    expect(uno.fits).toBe(false)
    expect(uno.fitsRam).toBe(false)
    expect(uno.problems[0]).toMatch(
      /^Needs \d+\.\d KB of RAM \(arena \d+\.\d KB\); the Arduino Uno has 2\.0 KB\.$/,
    )
    expect(uno.memory.ram.usedBytes).toBeGreaterThan(2048)
    const l4 = estimateBoard(board('nucleo-l4r5zi'), designWorkload(keywordsLikeDesign(2)), options)
    expect(l4.fits).toBe(true)
    expect(l4.problems).toEqual([])
  })

  it('counts one scratch buffer for the arena with the link buffer, or the DSP work buffer, whichever is larger', () => {
    const b = board('uno')
    const e = estimateBoard(b, designWorkload(gesturesLikeDesign()), options)
    const ram = e.memory.ram.parts
    const work = designWorkload(gesturesLikeDesign()).dsp!.memory.fixed.workBytes
    expect(ram.arena! + ram.link! + ram.dspWork!).toBe(Math.max(work, ram.arena! + ram.link!))
    const wide = estimateBoard(b, designWorkload(keywordsLikeDesign(2)), options).memory.ram.parts
    expect(wide.dspWork).toBe(0)
  })

  it('sums the memory parts against the limits the catalog gives (flash less the bootloader)', () => {
    const e = estimateBoard(board('nano33ble-sense'), designWorkload(gesturesLikeDesign()), options)
    const sum = (p: Readonly<Record<string, number>>) => Object.values(p).reduce((a, b) => a + b, 0)
    expect(e.memory.flash.usedBytes).toBe(sum(e.memory.flash.parts))
    expect(e.memory.ram.usedBytes).toBe(sum(e.memory.ram.parts))
    expect(e.memory.flash.limitBytes).toBe(1024 * 1024 - 64 * 1024)
    expect(e.memory.ram.limitBytes).toBe(256 * 1024)
  })

  it('gives energy as V · I · t and battery life as capacity over the duty-cycled current', () => {
    const b = board('nano33ble-sense')
    const e = estimateBoard(b, designWorkload(gesturesLikeDesign()), options)
    const p = b.power!
    const seconds = e.latency.totalMs / 1000
    expect(e.energy!.microjoulesPerInference).toBeCloseTo(b.supplyVolts * p.activeAmps * seconds * 1e6, 6)
    const awake = 2 * seconds + (62.5 * 3 * 200) / b.clockHz
    expect(e.energy!.awakeShare).toBeCloseTo(awake, 12)
    const amps = p.sleepAmps + (p.activeAmps - p.sleepAmps) * awake
    expect(e.energy!.averageAmps).toBeCloseTo(amps, 12)
    const cr2032 = e.energy!.batteries.find((x) => x.battery === 'cr2032')!
    expect(cr2032.hours).toBeCloseTo(225 / (amps * 1000), 6)
    expect(BATTERIES.map((x) => x.capacityMilliampHours)).toEqual([225, 2500, 500])
  })

  it('says when a 5 V board needs a boost converter on a 3 V cell, and when a board cannot keep up', () => {
    const uno = estimateBoard(board('uno'), designWorkload(gesturesLikeDesign()), options)
    expect(uno.energy!.batteries.map((x) => x.needsBoost)).toEqual([true, true, true])
    const fast = estimateBoard(board('uno'), designWorkload(gesturesLikeDesign()), {
      inferencesPerSecond: 1000,
    })
    expect(fast.energy!.keepsUp).toBe(false)
    expect(fast.energy!.averageAmps).toBeCloseTo(board('uno').power!.activeAmps, 12)
  })

  it('has no energy figure for an emulated machine without a datasheet', () => {
    const m4 = estimateBoard(board('virtual-m4'), designWorkload(gesturesLikeDesign()), options)
    expect(m4.energy).toBeUndefined()
    expect(m4.latency.totalMs).toBeGreaterThan(0)
  })

  it('is calibrated on a board with measured runs (median ratio) and estimated elsewhere', () => {
    const work = designWorkload(gesturesLikeDesign())
    const plain = estimateBoard(board('virtual-uno'), work, options)
    const measurements = [1.5, 2, 10].map((ratio, i) => ({
      boardId: 'virtual-uno',
      measuredMs: plain.latency.totalMs * ratio,
      estimatedMs: plain.latency.totalMs,
      at: `2026-12-0${i + 1}T10:00:00Z`,
      device: `Virtual Uno #${i}`,
    }))
    const all = estimateBoards(work, { ...options, measurements })
    const uno = all.find((e) => e.boardId === 'virtual-uno')!
    expect(uno.latency.kind).toBe('calibrated')
    expect(uno.latency.totalMs).toBeCloseTo(2 * plain.latency.totalMs, 9)
    expect(uno.latency.modelOnlyMs).toBeCloseTo(plain.latency.totalMs, 9)
    expect(uno.latency.calibration).toEqual({ factor: 2, runs: 3, device: 'Virtual Uno #2' })
    expect(all.filter((e) => e.latency.kind === 'calibrated')).toHaveLength(1)
  })

  it('lists the connected boards first, then the catalog in order', () => {
    const all = estimateBoards(designWorkload(gesturesLikeDesign()), options, ['pico', 'uno'])
    expect(all.map((e) => e.boardId).slice(0, 3)).toEqual(['pico', 'uno', 'nano'])
    expect(all).toHaveLength(BOARDS.length)
  })
})

describe('the workloads', () => {
  it('count the spectral block’s work as the C port’s loops do, with the code generator’s memory', () => {
    const design = gesturesLikeDesign()
    const dsp = designWorkload(design).dsp!
    // 125 frames × 3 axes, one 125-sample Welch segment of a 128-point FFT, no filter.
    expect(dsp.work.samples).toBe(3 * (2 * 125 + 125))
    expect(dsp.work.butterflies).toBe(3 * (32 * 6 + 32))
    expect(dsp.work.bins).toBe(3 * 65)
    expect(dsp.work.tableMacs).toBe(0)
    const code = dspDesignCode(design.features, dspMetaOf(design.input), { numeric: 'fixed' })
    expect(dsp.memory.fixed).toEqual({ workBytes: code.workBytes, tableBytes: code.tableBytes })
    expect(dsp.samplesPerSecond).toBe(187.5)
  })

  it('count MLPerf Tiny KWS as published: 2.66 M MACs, the arena the generated code allocates', () => {
    const graph = readTflite(mlperfTinyBytes('kws_ref_model.tflite'))
    const w = modelWorkload(graph)
    expect(w.macs).toBe(2_664_768)
    expect(w.arenaBytes).toBe(generateModelCode({ graph }).summary.arenaBytes)
    expect(w.arenaBasis).toBe('planner')
    // In-place ops make it smaller than the tensor-lifetime bound (16,000 B).
    expect(w.arenaBytes).toBeLessThan(activationMemory(graph).peakBytesInt8)
    expect(activationMemory(graph).peakBytesInt8).toBe(16_000)
    expect(new Set(w.ops.map((o) => o.kernelClass))).toEqual(
      new Set(['convPatch', 'depthwise', 'conv1x1', 'pool', 'alias', 'fullyConnected', 'softmax']),
    )
  })
})
