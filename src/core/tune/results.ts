import { objectiveValue } from './budget'
import type { TuneCandidate } from './candidates'
import type { TrialResult } from './halving'
import { paretoFront } from './pareto'
import type { TuneState } from './state'

/** One candidate as the table and the chart show it: its latest (highest-rung) result. */
export interface CandidateRow {
  readonly candidate: TuneCandidate
  /** The highest rung it has a result in (0-based). */
  readonly rung: number
  readonly result: TrialResult
  /** The objective's cost (lower is better). */
  readonly cost: number
}

/** Every candidate with at least one result, best first: furthest rung, then accuracy, then cost, then id. */
export function candidateRows(state: TuneState): CandidateRow[] {
  const rows: CandidateRow[] = []
  for (const candidate of state.candidates) {
    for (let rung = state.rungs.length - 1; rung >= 0; rung--) {
      const result = state.rungs[rung]!.results[candidate.id]
      if (result === undefined) continue
      rows.push({ candidate, rung, result, cost: objectiveValue(candidate.cost, state.budget.objective) })
      break
    }
  }
  return rows.sort(
    (a, b) =>
      b.rung - a.rung ||
      b.result.accuracy - a.result.accuracy ||
      a.cost - b.cost ||
      (a.candidate.id < b.candidate.id ? -1 : 1),
  )
}

/** The best candidate so far (the first row), or undefined before any trial finished. */
export function bestCandidate(state: TuneState): CandidateRow | undefined {
  return candidateRows(state)[0]
}

/** The Pareto front of accuracy against the objective's cost over every candidate's latest result. */
export function tuneFront(state: TuneState): CandidateRow[] {
  const rows = candidateRows(state)
  const points = rows.map((r) => ({ id: r.candidate.id, accuracy: r.result.accuracy, cost: r.cost, row: r }))
  return paretoFront(points).map((p) => p.row)
}
