import { describe, expect, it } from 'vitest'
import { findBoard } from '../../../src/core/boards'
import { suggestDesign } from '../../../src/core/train/suggest'
import {
  candidateRows,
  createTuneState,
  parseTuneBudget,
  parseTuneState,
  planNextTrial,
  recordTrialResult,
  rungEpochs,
  tuneSettingsSchema,
  type Trial,
  type TuneState,
} from '../../../src/core/tune'
import { smallGestures } from '../train/fixtures'

const base = suggestDesign(smallGestures().source.samples)
const budget = parseTuneBudget({ boardId: 'nano33ble-sense' })
const board = findBoard('nano33ble-sense')!

function newState(seed: number, candidates = 9): TuneState {
  const settings = tuneSettingsSchema.parse({ seed, candidates, maxEpochs: 27, minEpochs: 1 })
  return createTuneState({ base, shortestMs: 4000, board, budget, settings })
}

/** A stand-in for training whose accuracy depends on the candidate and grows with the epochs. */
function fakeAccuracy(trial: Trial): number {
  const n = Number(trial.candidateId.slice(1))
  return Math.min(1, ((n * 37) % 11) / 20 + trial.epochs / 60)
}

/** Runs trials until the search ends or `limit` trials ran; returns the state and the trials run. */
function run(state: TuneState, limit = Number.POSITIVE_INFINITY): { state: TuneState; trials: Trial[] } {
  const trials: Trial[] = []
  let s = state
  while (trials.length < limit) {
    const next = planNextTrial(s)
    s = next.state
    if (next.trial === undefined) break
    trials.push(next.trial)
    const accuracy = fakeAccuracy(next.trial)
    s = recordTrialResult(s, next.trial, {
      accuracy,
      testAccuracy: accuracy,
      epochsRun: next.trial.epochs,
      seconds: 1,
    })
  }
  return { state: s, trials }
}

describe('the tuner search', () => {
  it('plans rungs of η-fold more epochs ending at the maximum', () => {
    expect(rungEpochs(27, 27, 3, 1)).toEqual([1, 3, 9, 27])
    expect(rungEpochs(9, 30, 3, 2)).toEqual([3, 10, 30])
    expect(rungEpochs(1, 30, 3, 2)).toEqual([30])
    expect(rungEpochs(27, 30, 3, 2)).toEqual([2, 3, 10, 30])
  })

  it('draws the same candidates for the same seed and others for another seed', () => {
    const a = newState(7)
    const b = newState(7)
    const c = newState(8)
    expect(a.candidates.map((x) => x.summary)).toEqual(b.candidates.map((x) => x.summary))
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(a.candidates.map((x) => x.summary)).not.toEqual(c.candidates.map((x) => x.summary))
  })

  it('keeps the best third of each rung and trains the winner for the full epochs', () => {
    const { state, trials } = run(newState(3))
    expect(state.finished).toBe(true)
    expect(state.rungs.map((r) => r.candidateIds.length)).toEqual([9, 3, 1])
    expect(trials.map((t) => t.epochs)).toEqual([...Array(9).fill(3), 9, 9, 9, 27])
    const first = state.rungs[0]!
    const kept = new Set(state.rungs[1]!.candidateIds)
    const worstKept = Math.min(...[...kept].map((id) => first.results[id]!.accuracy))
    for (const id of first.candidateIds)
      if (!kept.has(id)) expect(first.results[id]!.accuracy).toBeLessThanOrEqual(worstKept)
    expect(candidateRows(state)[0]!.candidate.id).toBe(state.rungs[2]!.candidateIds[0])
  })

  it('resumes from its JSON after any trial and repeats none of the finished ones', () => {
    const whole = run(newState(5))
    for (const stop of [1, 9, 10, 12]) {
      const partial = run(newState(5), stop)
      const restored = parseTuneState(JSON.parse(JSON.stringify(partial.state)))
      const rest = run(restored)
      expect([...partial.trials, ...rest.trials]).toEqual(whole.trials)
      expect(rest.state.rungs).toEqual(whole.state.rungs)
      expect(rest.state.elapsedSeconds).toBe(whole.state.elapsedSeconds)
      expect(rest.state.finished).toBe(true)
    }
  })

  it('refuses a damaged state with 18003', () => {
    const json = JSON.parse(JSON.stringify(newState(1))) as Record<string, unknown>
    delete json.plan
    expect(() => parseTuneState(json)).toThrow(/tune\.json\) is damaged at "plan"/)
  })
})
