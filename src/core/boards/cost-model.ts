import type { Board, CpuCore } from './types'

/**
 * The latency cost model's vocabulary (docs/estimate.md). A core family shares one set of coefficients:
 * cycles per multiply-accumulate, per output element and per op call for each kernel class, and cycles per
 * unit of DSP work for each feature build. Coefficients live in cost-coefficients.ts, written by
 * `npm run bench estimate` where a virtual board can measure them.
 */

export type CostFamily =
  'avr8' | 'cortex-m0plus' | 'cortex-m3' | 'cortex-m4' | 'cortex-m4-dsp' | 'cortex-m7' | 'xtensa-lx6'

export const COST_FAMILIES: readonly CostFamily[] = [
  'avr8',
  'cortex-m0plus',
  'cortex-m3',
  'cortex-m4',
  'cortex-m4-dsp',
  'cortex-m7',
  'xtensa-lx6',
]

/**
 * The shape class of an op: which kernel of the generated code runs it (docs/codegen.md "Kernel choice").
 * `conv1x1` is a pointwise convolution (a matrix product per pixel), `convPatch` any other convolution (the
 * window gathered into a patch, then a dot product per output channel), `pool` counts its window taps as
 * MACs, and the element-wise classes have no MACs.
 */
export type KernelClass =
  'conv1x1' | 'convPatch' | 'depthwise' | 'fullyConnected' | 'pool' | 'add' | 'softmax' | 'elementwise'

export const KERNEL_CLASSES: readonly KernelClass[] = [
  'conv1x1',
  'convPatch',
  'depthwise',
  'fullyConnected',
  'pool',
  'add',
  'softmax',
  'elementwise',
]

/**
 * cycles = perOp + perMac · MACs + perOutput · output elements + perPixel · output pixels (window kernels:
 * the loop and pointer set-up of each output position) + perPatchValue · patch values (the patch
 * convolution gathers kh·kw·inC input values per output pixel before its dot products).
 */
export interface OpCost {
  readonly perMac: number
  readonly perOutput: number
  readonly perOp: number
  readonly perPixel?: number
  readonly perPatchValue?: number
}

/** What a feature block does, counted (estimate-dsp.ts): the units DSP coefficients are per. */
export interface DspWork {
  /** Input values read and conditioned (scaled, filtered, windowed, pre-emphasised), per axis and pass. */
  readonly samples: number
  /** Radix-2 butterflies of every FFT the block runs. */
  readonly butterflies: number
  /** Spectrum bins turned into powers (|X|²), per FFT. */
  readonly bins: number
  /** Table multiplies: mel weights, DCT coefficients, filter-section taps. */
  readonly tableMacs: number
  /** Features written (each a log, a division or a conversion). */
  readonly features: number
  /** Blocks called. */
  readonly blocks: number
}

export type DspCost = { readonly [K in keyof DspWork]: number }

export type DspNumeric = 'fixed' | 'float'

/** Every coefficient of one core family, and how they were obtained. */
export interface FamilyCosts {
  readonly int8: Readonly<Record<KernelClass, OpCost>>
  /** float32 kernels with a hardware FPU (absent where the family has none). */
  readonly float32Hard?: Readonly<Record<KernelClass, OpCost>>
  /** float32 kernels through the compiler's soft-float routines. */
  readonly float32Soft: Readonly<Record<KernelClass, OpCost>>
  readonly dsp: Readonly<Record<DspNumeric, DspCost>>
  /** A sentence: calibrated on which virtual board by which bench, or derived from which family and why. */
  readonly basis: string
  /** True when measured runs of generated code fitted these numbers (bench/estimate.ts). */
  readonly calibrated: boolean
}

const FAMILY_OF_CORE: Readonly<Record<CpuCore, CostFamily>> = {
  avr8: 'avr8',
  'cortex-m0plus': 'cortex-m0plus',
  'cortex-m3': 'cortex-m3',
  'cortex-m4': 'cortex-m4',
  'cortex-m4f': 'cortex-m4',
  // The M33's DSP extension is optional and our kernels do not use it: an M4 without it is the closest.
  'cortex-m33': 'cortex-m4',
  'cortex-m7': 'cortex-m7',
  'xtensa-lx6': 'xtensa-lx6',
  // RV32IMC runs the portable C kernels with a single-cycle multiplier, like an M3.
  riscv32: 'cortex-m3',
}

/** Cores with a single-precision FPU that our builds enable (float DSP build, hard-float kernels). */
const FPU_CORES: ReadonlySet<CpuCore> = new Set(['cortex-m4f', 'cortex-m7', 'xtensa-lx6'])

/**
 * The cost family a board's generated code runs as. `optimizedKernels` lists the families whose optimized
 * kernels the code generator selects (the Cortex-M4 DSP kernels once they are on main).
 */
export function costFamilyOf(
  board: Board,
  optimizedKernels: ReadonlySet<CostFamily> = new Set(),
): CostFamily {
  const family = FAMILY_OF_CORE[board.core]
  if (family === 'cortex-m4' && optimizedKernels.has('cortex-m4-dsp')) return 'cortex-m4-dsp'
  return family
}

export function hasFpu(board: Board): boolean {
  return FPU_CORES.has(board.core)
}

/** The feature build that runs on a board: float where there is an FPU, integer-only elsewhere (docs/dsp.md). */
export function dspNumericOf(board: Board): DspNumeric {
  return hasFpu(board) ? 'float' : 'fixed'
}
