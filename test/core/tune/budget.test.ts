import { describe, expect, it } from 'vitest'
import { estimateBoard, findBoard } from '../../../src/core/boards'
import { designWorkload } from '../../../src/core/boards/estimate-design'
import { suggestDesign } from '../../../src/core/train/suggest'
import {
  budgetBoard,
  createTuneState,
  parseTuneBudget,
  tuneSettingsSchema,
  type TuneBudget,
} from '../../../src/core/tune'
import { smallGestures } from '../train/fixtures'

const base = suggestDesign(smallGestures().source.samples)
const settings = tuneSettingsSchema.parse({ candidates: 500 })

function searchOn(budget: Partial<TuneBudget> & { boardId: string }) {
  const parsed = parseTuneBudget(budget)
  return createTuneState({
    base,
    shortestMs: 4000,
    board: findBoard(parsed.boardId)!,
    budget: parsed,
    settings,
  })
}

/** The estimator run again on a candidate's design, apart from the tuner's own bookkeeping. */
function reestimate(design: typeof base, boardId: string, rate?: number) {
  const work = designWorkload(design)
  return estimateBoard(findBoard(boardId)!, work, { inferencesPerSecond: rate ?? work.inferencesPerSecond })
}

describe('the tuner budgets', () => {
  it('keeps only candidates that fit the Uno, and the estimator agrees for every one', () => {
    const state = searchOn({ boardId: 'uno' })
    expect(state.candidates.length).toBeGreaterThan(3)
    expect(state.rejectedCount).toBeGreaterThan(0)
    for (const c of state.candidates) {
      const estimate = reestimate(c.design, 'uno')
      expect(estimate.fits, c.summary).toBe(true)
      expect(c.cost.ramBytes).toBe(estimate.memory.ram.usedBytes)
      expect(c.cost.ramBytes).toBeLessThanOrEqual(2048)
    }
  })

  it('respects RAM, flash and latency budgets tighter than the board', () => {
    const loose = searchOn({ boardId: 'nano33ble-sense' })
    const latencies = loose.candidates.map((c) => c.cost.latencyMs).sort((a, b) => a - b)
    const rams = loose.candidates.map((c) => c.cost.ramBytes).sort((a, b) => a - b)
    const latencyMs = latencies[Math.floor(latencies.length / 2)]!
    const ramBytes = rams[Math.floor(rams.length / 2)]!
    const tight = searchOn({ boardId: 'nano33ble-sense', latencyMs, ramBytes, flashBytes: 200_000 })
    expect(tight.candidates.length).toBeGreaterThan(0)
    expect(tight.candidates.length).toBeLessThan(loose.candidates.length)
    for (const c of tight.candidates) {
      const estimate = reestimate(c.design, 'nano33ble-sense')
      expect(estimate.latency.totalMs).toBeLessThanOrEqual(latencyMs)
      expect(estimate.memory.ram.usedBytes).toBeLessThanOrEqual(ramBytes)
      expect(estimate.memory.flash.usedBytes).toBeLessThanOrEqual(200_000)
    }
    const rejectedForLatency = tight.rejectedExamples.some((r) =>
      r.reasons.some((s) => s.startsWith('latency')),
    )
    const rejectedForRam = tight.rejectedExamples.some((r) => r.reasons.some((s) => s.startsWith('RAM')))
    expect(rejectedForLatency || rejectedForRam).toBe(true)
  })

  it('respects an energy per inference and a battery life at a rate', () => {
    const loose = searchOn({ boardId: 'nano33ble-sense' })
    const energies = loose.candidates.map((c) => c.cost.microjoulesPerInference!).sort((a, b) => a - b)
    const uj = energies[Math.floor(energies.length / 3)]!
    const tight = searchOn({
      boardId: 'nano33ble-sense',
      microjoulesPerInference: uj,
      battery: { id: 'cr2032', hours: 100, inferencesPerSecond: 10 },
    })
    expect(tight.candidates.length).toBeGreaterThan(0)
    expect(tight.candidates.length).toBeLessThan(loose.candidates.length)
    for (const c of tight.candidates) {
      const estimate = reestimate(c.design, 'nano33ble-sense', 10)
      expect(estimate.energy!.microjoulesPerInference).toBeLessThanOrEqual(uj)
      const life = estimate.energy!.batteries.find((b) => b.battery === 'cr2032')!
      expect(life.hours).toBeGreaterThanOrEqual(100)
    }
  })

  it('fails with 18002 and an example when nothing fits, and 18001 for an unknown board', () => {
    expect(() => searchOn({ boardId: 'uno', ramBytes: 64 })).toThrow(/None of the \d+ designs .* RAM/)
    try {
      searchOn({ boardId: 'uno', ramBytes: 64 })
    } catch (error) {
      expect((error as { code: number }).code).toBe(18002)
    }
    expect(() => parseTuneBudget({ boardId: 'uno', latencyMs: -1 })).toThrow(/latencyMs/)
    expect(() => budgetBoard(parseTuneBudget({ boardId: 'uno-9' }))).toThrow(/no board "uno-9"/)
  })
})
