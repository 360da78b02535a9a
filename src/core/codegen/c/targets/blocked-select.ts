/**
 * The kernel choice of the Cortex-M targets with optimized matrix products (docs/codegen.md, "Optimized
 * kernels"): cortex-m4-dsp (SMLAD on the DSP extension) and cortex-m0 / cortex-m3 (2×2-blocked products, no
 * SIMD) take the same kernels as the portable target — their runtime directories
 * (resources/firmware/runtime/kernels/cortex-m4-dsp, …/cortex-m) have a file of the same name for each that
 * they speed up — with the weights of the matrix-product kernels blocked for their inner loops
 * (blocked-layout.ts). Depthwise kernels keep TFLite's tap-major layout, which is already one word per four
 * channels.
 */
import type { CallArg, KernelChoice, SelectionInput } from '../kernel-choice'
import type { Conv2dS8Params, FullyConnectedS8Params } from '../kernel-params'
import { portableSelect } from '../portable-select'
import { blockRowPairs } from './blocked-layout'

/** rows × depth of each blocked kernel's weights, from its params. */
const BLOCKED: Readonly<Record<string, (params: object) => { rows: number; depth: number }>> = {
  mote_conv2d_1x1_s8: (p) => {
    const w = (p as Conv2dS8Params).window
    return { rows: w.output_c, depth: w.input_c }
  },
  mote_conv2d_patch_s8: (p) => {
    const w = (p as Conv2dS8Params).window
    return { rows: w.output_c, depth: w.filter_h * w.filter_w * w.input_c }
  },
  mote_fully_connected_folded_s8: (p) => {
    const f = p as FullyConnectedS8Params
    return { rows: f.units, depth: f.depth }
  },
}

/** The weights argument (the first constant int8 array) of a blocked kernel, laid out for it. */
function blockWeights(args: readonly CallArg[], rows: number, depth: number): CallArg[] {
  let done = false
  return args.map((arg) => {
    if (done || arg.kind !== 'const' || !(arg.array.values instanceof Int8Array)) return arg
    done = true
    return { ...arg, array: { ...arg.array, values: blockRowPairs(arg.array.values, rows, depth) } }
  })
}

export function blockedWeightsSelect(input: SelectionInput): KernelChoice | undefined {
  const choice = portableSelect(input)
  const shape = BLOCKED[choice.kernel]
  if (!shape || !choice.params) return undefined
  const { rows, depth } = shape(choice.params.value)
  return { ...choice, args: blockWeights(choice.args, rows, depth) }
}
