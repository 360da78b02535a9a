import { MEASURED_COSTS } from './cost-coefficients'
import {
  KERNEL_CLASSES,
  type CostFamily,
  type DspCost,
  type FamilyCosts,
  type KernelClass,
  type OpCost,
} from './cost-model'

/**
 * Every family's coefficients. The AVR and the Cortex-M4 are measured on virtual boards
 * (cost-coefficients.ts, written by bench/estimate.ts); the other families have no cycle-accurate virtual
 * board here, so their coefficients are the Cortex-M4's scaled by the instruction timings that differ
 * (docs/estimate.md "Derived families" gives each factor's reason and source). A derived family is
 * `calibrated` only in the sense that its base is; the UI says "derived".
 */

export type MeasuredFamily = 'avr8' | 'cortex-m4'
export type MeasuredFamilies = Readonly<Record<MeasuredFamily, Omit<FamilyCosts, 'float32Hard'>>>

type OpTable = Readonly<Record<KernelClass, OpCost>>

/** Factors on perMac, perOutput and perOp, one set for the MAC kernels and one for the rest. */
interface Scale {
  readonly mac: number
  readonly output: number
  readonly op: number
}

function scaleTable(table: OpTable, scale: (k: KernelClass) => Scale): OpTable {
  const out = {} as Record<KernelClass, OpCost>
  for (const k of KERNEL_CLASSES) {
    const s = scale(k)
    const c = table[k]
    out[k] = {
      perMac: c.perMac * s.mac,
      perOutput: c.perOutput * s.output,
      perOp: c.perOp * s.op,
      perPixel: (c.perPixel ?? 0) * s.op,
      perPatchValue: (c.perPatchValue ?? 0) * s.mac,
    }
  }
  return out
}

function scaleDsp(cost: DspCost, factor: number): DspCost {
  const out = { ...cost }
  for (const key of Object.keys(out) as (keyof DspCost)[]) out[key] = cost[key] * factor
  return out
}

const uniform = (f: number): Scale => ({ mac: f, output: f, op: f })

/**
 * The Cortex-M4F's hardware float kernels: per MAC two VLDR (2 cycles, the second pipelined: 1) and a
 * VMLA.F32 (3 cycles, Cortex-M4 TRM table 7-1), plus the loop's compare and branch (2); the rest as the
 * soft-float table's bookkeeping without the library calls.
 */
function m4HardFloat(): OpTable {
  const soft = MEASURED_COSTS['cortex-m4'].float32Soft
  return scaleTable(soft, (k) => ({ mac: 7 / Math.max(soft[k].perMac, 7), output: 0.3, op: 1 }))
}

const M4 = MEASURED_COSTS['cortex-m4']
const MAC_KERNELS: ReadonlySet<KernelClass> = new Set(['conv1x1', 'convPatch', 'depthwise', 'fullyConnected'])

function derive(
  base: Omit<FamilyCosts, 'float32Hard'>,
  int8: (k: KernelClass) => Scale,
  soft: number,
  dsp: number,
  basis: string,
  hard?: OpTable,
): FamilyCosts {
  return {
    int8: scaleTable(base.int8, int8),
    float32Soft: scaleTable(base.float32Soft, () => uniform(soft)),
    ...(hard ? { float32Hard: hard } : {}),
    dsp: { fixed: scaleDsp(base.dsp.fixed, dsp), float: scaleDsp(base.dsp.float, dsp) },
    basis,
    calibrated: base.calibrated,
  }
}

function build(): Readonly<Record<CostFamily, FamilyCosts>> {
  const m4Hard = m4HardFloat()
  const m7 = 3.4 / 5.01
  return {
    avr8: MEASURED_COSTS.avr8,
    'cortex-m4': { ...M4, float32Hard: m4Hard },
    'cortex-m3': derive(
      M4,
      (k) => ({ mac: MAC_KERNELS.has(k) ? 1.1 : 1, output: 1.05, op: 1 }),
      1.1,
      1.05,
      'Cortex-M4 × M3 timings: MLA 2 cycles instead of 1, UMULL/SMULL 3–5 instead of 1 (TRMs)',
    ),
    'cortex-m0plus': derive(
      M4,
      (k) => ({ mac: MAC_KERNELS.has(k) ? 1.6 : 1.3, output: 3, op: 3.4 / 2.46 }),
      2,
      1.6,
      'Cortex-M4 × M0+ timings: Thumb-1 only (no MLA, LDRSB with a register offset), no 32×32→64 multiply for requantization, CoreMark/MHz 2.46 vs 3.40',
    ),
    'cortex-m4-dsp': derive(
      M4,
      (k) => ({ mac: k === 'depthwise' ? 0.5 : MAC_KERNELS.has(k) ? 0.35 : 1, output: 1, op: 1 }),
      1,
      1,
      'Cortex-M4 portable kernels × SMLAD (two MACs per instruction) for the optimized kernels',
      m4Hard,
    ),
    'cortex-m7': derive(
      M4,
      () => uniform(m7),
      m7,
      m7,
      'Cortex-M4 × CoreMark/MHz 3.40 / 5.01 (dual issue)',
      scaleTable(m4Hard, () => uniform(m7)),
    ),
    'xtensa-lx6': derive(
      M4,
      () => uniform(1),
      1,
      1,
      'Cortex-M4 figures: single-cycle 32-bit multiply, no SIMD in the LX6, code from cached SPI flash',
      m4Hard,
    ),
  }
}

export const FAMILY_COSTS: Readonly<Record<CostFamily, FamilyCosts>> = build()
