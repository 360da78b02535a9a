import { candidateRows, tuneFront, type CandidateRow } from '../../../core/tune/results'
import { trialCounts, type TuneState } from '../../../core/tune/state'
import type { TuneReport, TuneRow } from '../../../shared/api/tune'

function rowOf(r: CandidateRow, state: TuneState, front: ReadonlySet<string>): TuneRow {
  const { candidate, result } = r
  return {
    id: candidate.id,
    family: candidate.family,
    summary: candidate.summary,
    rung: r.rung + 1,
    epochs: state.rungs[r.rung]!.epochs,
    accuracy: result.accuracy,
    testAccuracy: result.testAccuracy,
    ...(result.error === undefined ? {} : { error: result.error }),
    ramBytes: candidate.cost.ramBytes,
    flashBytes: candidate.cost.flashBytes,
    latencyMs: candidate.cost.latencyMs,
    ...(candidate.cost.microjoulesPerInference === undefined
      ? {}
      : { microjoulesPerInference: candidate.cost.microjoulesPerInference }),
    cost: r.cost,
    onFront: front.has(candidate.id),
  }
}

/** The stored search as the contract's plain data: what the Design view and `mote tune --json` show. */
export function tuneReportOf(state: TuneState): TuneReport {
  const front = new Set(tuneFront(state).map((r) => r.candidate.id))
  const counts = trialCounts(state)
  return {
    boardId: state.budget.boardId,
    objective: state.budget.objective,
    finished: state.finished,
    trialsDone: counts.done,
    trialsPlanned: counts.planned,
    elapsedSeconds: state.elapsedSeconds,
    plan: state.plan,
    candidates: state.candidates.length,
    rejected: state.rejectedCount,
    rows: candidateRows(state).map((r) => rowOf(r, state, front)),
  }
}
