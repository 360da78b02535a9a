import { FAMILY_COSTS } from './cost-derived'
import type { CostFamily, DspCost, DspNumeric, DspWork, FamilyCosts, OpCost } from './cost-model'
import type { DspWorkload } from './estimate-dsp'
import type { ModelWorkload, OpWork } from './estimate-model'
import type { Board } from './types'

/**
 * Cycles and milliseconds of one inference on a board: Σ over ops of perOp + perMac·MACs + perOutput·outputs
 * for the op's kernel class and precision, plus Σ over the DSP work units of their coefficient, times the
 * flash stall factor, divided by the clock (docs/estimate.md "Latency").
 */

export interface LatencyEstimate {
  readonly modelCycles: number
  readonly dspCycles: number
  /** Per op, in execution order (0 for a RESHAPE). */
  readonly opCycles: readonly number[]
  readonly modelMs: number
  readonly dspMs: number
  readonly totalMs: number
  /** The factor applied for flash wait states that no cache hides (1 when none). */
  readonly stallFactor: number
}

function opTable(costs: FamilyCosts, op: OpWork, fpu: boolean) {
  if (op.precision === 'int8') return costs.int8
  return fpu && costs.float32Hard ? costs.float32Hard : costs.float32Soft
}

export function opCycles(costs: FamilyCosts, op: OpWork, fpu: boolean): number {
  if (op.kernelClass === 'alias') return 0
  const c: OpCost = opTable(costs, op, fpu)[op.kernelClass]
  return (
    c.perOp +
    c.perMac * op.macs +
    c.perOutput * op.outputs +
    (c.perPixel ?? 0) * op.pixels +
    (c.perPatchValue ?? 0) * op.patchValues
  )
}

export function dspCycles(cost: DspCost, work: DspWork): number {
  let cycles = 0
  for (const key of Object.keys(work) as (keyof DspWork)[]) cycles += cost[key] * work[key]
  return cycles
}

/**
 * Wait states slow every instruction fetch that misses: with a cache or accelerator (ART, XIP cache, NVM
 * cache) the inner loops hit and we count none; without one, a 32-bit flash word holds two 16-bit Thumb
 * instructions, so about half the fetches wait `states` cycles.
 */
export function stallFactor(board: Board): number {
  const ws = board.flashWaitStates
  if (ws === undefined || ws.cached || ws.states === 0) return 1
  return 1 + ws.states / 2
}

export interface LatencyInput {
  readonly family: CostFamily
  readonly fpu: boolean
  readonly numeric: DspNumeric
  readonly model?: ModelWorkload
  readonly dsp?: DspWorkload
}

export function estimateLatency(board: Board, input: LatencyInput): LatencyEstimate {
  const costs = FAMILY_COSTS[input.family]
  const stall = stallFactor(board)
  const perOp = (input.model?.ops ?? []).map((op) => opCycles(costs, op, input.fpu) * stall)
  const modelCycles = perOp.reduce((a, b) => a + b, 0)
  const dsp = input.dsp ? dspCycles(costs.dsp[input.numeric], input.dsp.work) * stall : 0
  const ms = (cycles: number) => (cycles / board.clockHz) * 1000
  return {
    modelCycles,
    dspCycles: dsp,
    opCycles: perOp,
    modelMs: ms(modelCycles),
    dspMs: ms(dsp),
    totalMs: ms(modelCycles + dsp),
    stallFactor: stall,
  }
}
