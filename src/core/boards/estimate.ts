import { BOARDS } from './catalog'
import { FAMILY_COSTS } from './cost-derived'
import { costFamilyOf, dspNumericOf, hasFpu, type CostFamily, type DspNumeric } from './cost-model'
import { calibrationFor, type Calibration, type LatencyMeasurement } from './estimate-calibration'
import type { DspWorkload } from './estimate-dsp'
import { estimateEnergy, type EnergyEstimate } from './estimate-energy'
import { estimateLatency, type LatencyEstimate } from './estimate-latency'
import { estimateMemory, type MemoryEstimate } from './estimate-memory'
import type { ModelWorkload } from './estimate-model'
import type { Board } from './types'

/**
 * The per-board estimate (issue 13, docs/estimate.md): does the pipeline fit, how long does one inference
 * take, what does it cost in energy and battery life. Pure and fast: the workloads are built once per
 * change (estimate-model.ts, estimate-dsp.ts); each board is then a few hundred arithmetic operations.
 */

export interface PipelineWorkload {
  readonly model?: ModelWorkload
  readonly dsp?: DspWorkload
}

export interface EstimateOptions {
  /** Inferences per second for the duty cycle (the design's window stride gives one per stride). */
  readonly inferencesPerSecond: number
  /** On-device test results stored in the project: estimates on those boards become "calibrated". */
  readonly measurements?: readonly LatencyMeasurement[]
  /**
   * Families whose optimized kernels the build uses: none yet, the deploy firmware builds the portable ones
   * on every board (docs/estimate.md, "Which kernels each board is estimated with").
   */
  readonly optimizedKernels?: ReadonlySet<CostFamily>
}

export interface BoardLatency extends LatencyEstimate {
  /** `calibrated`: corrected by measured runs on this board; `estimated`: the cost model alone. */
  readonly kind: 'estimated' | 'calibrated'
  /** The cost model's own figure before the correction. */
  readonly modelOnlyMs: number
  readonly calibration?: Calibration
}

export interface BoardEstimate {
  readonly boardId: string
  readonly boardName: string
  readonly virtual: boolean
  readonly family: CostFamily
  /** How the family's coefficients were obtained (a sentence) and whether a measurement fitted them. */
  readonly basis: string
  readonly coefficientsMeasured: boolean
  readonly numeric: DspNumeric
  readonly memory: MemoryEstimate
  readonly fitsFlash: boolean
  readonly fitsRam: boolean
  readonly fits: boolean
  /** Sentences with the numbers, one per limit exceeded. */
  readonly problems: readonly string[]
  readonly latency: BoardLatency
  /** Absent for an emulated machine without a datasheet current. */
  readonly energy?: EnergyEstimate
}

/** "8.3 KB" — one decimal below 100 KB, whole kilobytes above; bytes below 1 KB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`
  const kb = bytes / 1024
  return kb < 100 ? `${kb.toFixed(1)} KB` : `${Math.round(kb)} KB`
}

function problemsOf(board: Board, memory: MemoryEstimate): string[] {
  const out: string[] = []
  const { flash, ram } = memory
  if (ram.usedBytes > ram.limitBytes)
    out.push(
      `Needs ${formatBytes(ram.usedBytes)} of RAM (arena ${formatBytes(ram.parts.arena ?? 0)}); the ${board.name} has ${formatBytes(ram.limitBytes)}.`,
    )
  if (flash.usedBytes > flash.limitBytes)
    out.push(
      `Needs ${formatBytes(flash.usedBytes)} of flash (weights ${formatBytes(flash.parts.weights ?? 0)}); the ${board.name} has ${formatBytes(flash.limitBytes)} for programs.`,
    )
  return out
}

function calibrate(latency: LatencyEstimate, calibration: Calibration | undefined): BoardLatency {
  if (calibration === undefined) return { ...latency, kind: 'estimated', modelOnlyMs: latency.totalMs }
  const f = calibration.factor
  return {
    ...latency,
    modelMs: latency.modelMs * f,
    dspMs: latency.dspMs * f,
    totalMs: latency.totalMs * f,
    kind: 'calibrated',
    modelOnlyMs: latency.totalMs,
    calibration,
  }
}

export function estimateBoard(board: Board, work: PipelineWorkload, options: EstimateOptions): BoardEstimate {
  const family = costFamilyOf(board, options.optimizedKernels)
  const numeric = dspNumericOf(board)
  const memory = estimateMemory(board, numeric, work.model, work.dsp)
  const raw = estimateLatency(board, { family, fpu: hasFpu(board), numeric, ...work })
  const latency = calibrate(raw, calibrationFor(board.id, options.measurements ?? []))
  const problems = problemsOf(board, memory)
  const costs = FAMILY_COSTS[family]
  const energy =
    board.power &&
    estimateEnergy(board, board.power, {
      modelMs: latency.modelMs,
      dspMs: latency.dspMs,
      inferencesPerSecond: options.inferencesPerSecond,
      samplesPerSecond: work.dsp?.samplesPerSecond ?? 0,
    })
  return {
    boardId: board.id,
    boardName: board.name,
    virtual: board.virtual === true,
    family,
    basis: costs.basis,
    coefficientsMeasured: costs.calibrated,
    numeric,
    memory,
    fitsFlash: memory.flash.usedBytes <= memory.flash.limitBytes,
    fitsRam: memory.ram.usedBytes <= memory.ram.limitBytes,
    fits: problems.length === 0,
    problems,
    latency,
    ...(energy ? { energy } : {}),
  }
}

/** Every board's estimate: the connected ones first (in the order given), then the catalog's order. */
export function estimateBoards(
  work: PipelineWorkload,
  options: EstimateOptions,
  connectedIds: readonly string[] = [],
  boards: readonly Board[] = BOARDS,
): BoardEstimate[] {
  const rank = (b: Board) => {
    const at = connectedIds.indexOf(b.id)
    return at < 0 ? connectedIds.length : at
  }
  return boards
    .map((board, order) => ({ board, order }))
    .sort((a, b) => rank(a.board) - rank(b.board) || a.order - b.order)
    .map(({ board }) => estimateBoard(board, work, options))
}
