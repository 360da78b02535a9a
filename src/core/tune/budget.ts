import {
  tuneBudgetSchema,
  tuneObjectiveSchema,
  type TuneBudget,
  type TuneObjective,
} from '../../shared/api/tune'
import { findBoard } from '../boards/board-lookup'
import { BATTERIES } from '../boards/estimate-energy'
import { estimateBoard, formatBytes, type BoardEstimate } from '../boards/estimate'
import { designWorkload } from '../boards/estimate-design'
import { modelWorkload } from '../boards/estimate-model'
import { planModelGraph } from '../model/lower'
import type { Board } from '../boards/types'
import type { ProjectDesign } from '../train/design'
import { tuneFailure } from './errors'

/** The budget's schema lives in the contract (src/shared/api/tune.ts), which the CLI and IPC validate with. */
export { tuneBudgetSchema, tuneObjectiveSchema, type TuneBudget, type TuneObjective }

/** The estimator's figures for one candidate: what the Pareto chart and the table show. */
export interface CandidateCost {
  readonly ramBytes: number
  readonly flashBytes: number
  readonly latencyMs: number
  /** Absent on a board without datasheet currents (an emulated machine). */
  readonly microjoulesPerInference?: number
  readonly batteryHours?: number
}

export type BudgetVerdict =
  | { readonly fits: true; readonly cost: CandidateCost }
  | { readonly fits: false; readonly cost?: CandidateCost; readonly reasons: readonly string[] }

/** The board a budget names; fails (18001) with the fix when it is not in the catalog. */
export function budgetBoard(budget: TuneBudget, boards?: readonly Board[]): Board {
  const board = findBoard(budget.boardId, boards)
  if (board === undefined)
    throw tuneFailure(
      'BadBudget',
      `There is no board "${budget.boardId}" in the catalog. List the ids with \`mote boards\`.`,
    )
  return board
}

/** Validates a budget from outside (CLI, IPC); fails (18001) naming the field. */
export function parseTuneBudget(value: unknown): TuneBudget {
  const parsed = tuneBudgetSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw tuneFailure(
      'BadBudget',
      `The tuner budget is invalid at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'unknown problem'}.`,
    )
  }
  return parsed.data
}

function costOf(estimate: BoardEstimate, budget: TuneBudget): CandidateCost {
  const energy = estimate.energy
  const life = energy?.batteries.find((b) => b.battery === budget.battery?.id)
  return {
    ramBytes: estimate.memory.ram.usedBytes,
    flashBytes: estimate.memory.flash.usedBytes,
    latencyMs: estimate.latency.totalMs,
    ...(energy ? { microjoulesPerInference: energy.microjoulesPerInference } : {}),
    ...(life ? { batteryHours: life.hours } : {}),
  }
}

function overBudget(cost: CandidateCost, budget: TuneBudget): string[] {
  const out: string[] = []
  if (budget.ramBytes !== undefined && cost.ramBytes > budget.ramBytes)
    out.push(`RAM ${formatBytes(cost.ramBytes)} > ${formatBytes(budget.ramBytes)}`)
  if (budget.flashBytes !== undefined && cost.flashBytes > budget.flashBytes)
    out.push(`flash ${formatBytes(cost.flashBytes)} > ${formatBytes(budget.flashBytes)}`)
  if (budget.latencyMs !== undefined && cost.latencyMs > budget.latencyMs)
    out.push(`latency ${cost.latencyMs.toFixed(1)} ms > ${budget.latencyMs} ms`)
  const uj = cost.microjoulesPerInference
  if (
    budget.microjoulesPerInference !== undefined &&
    (uj === undefined || uj > budget.microjoulesPerInference)
  )
    out.push(
      uj === undefined
        ? 'no energy figure for this board'
        : `energy ${uj.toFixed(1)} µJ > ${budget.microjoulesPerInference} µJ`,
    )
  if (budget.battery !== undefined) {
    const hours = cost.batteryHours
    if (hours === undefined || hours < budget.battery.hours)
      out.push(
        hours === undefined
          ? 'no battery figure for this board'
          : `battery ${hours.toFixed(0)} h < ${budget.battery.hours} h`,
      )
  }
  return out
}

/**
 * Estimates a design as an int8 (or float32) deployment on the budget's board, before any training, and
 * says whether it fits the board and every budget. A design the estimator cannot plan is rejected with
 * its own sentence.
 */
export function checkBudget(
  design: ProjectDesign,
  precision: 'int8' | 'float32',
  board: Board,
  budget: TuneBudget,
): BudgetVerdict {
  let estimate: BoardEstimate
  try {
    const work = designWorkload(design)
    // A float32 deployment: the planned graph's own float sizes (designWorkload plans int8).
    const model = precision === 'int8' ? work.model : modelWorkload(planModelGraph(design.model), {})
    const rate = budget.battery?.inferencesPerSecond ?? work.inferencesPerSecond
    estimate = estimateBoard(board, { ...work, model }, { inferencesPerSecond: rate })
  } catch (error) {
    return { fits: false, reasons: [error instanceof Error ? error.message : String(error)] }
  }
  const cost = costOf(estimate, budget)
  const reasons = [...estimate.problems, ...overBudget(cost, budget)]
  return reasons.length === 0 ? { fits: true, cost } : { fits: false, cost, reasons }
}

/** The value of the budget's objective for a cost (lower is better). */
export function objectiveValue(cost: CandidateCost, objective: TuneObjective): number {
  switch (objective) {
    case 'ram':
      return cost.ramBytes
    case 'flash':
      return cost.flashBytes
    case 'energy':
      return cost.microjoulesPerInference ?? Number.POSITIVE_INFINITY
    default:
      return cost.latencyMs
  }
}

export const BATTERY_IDS = BATTERIES.map((b) => b.id)
