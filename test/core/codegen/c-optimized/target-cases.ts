/**
 * The generator kernels' random cases (test/core/codegen/c/generated-cases.ts) as an optimized target takes
 * them: each case's weights laid out by the target's selector layout (src/core/codegen/c/targets), drawn at
 * the default sizes (edges, strides, dilation, extreme quantization) and at wide ones (many channels, so the
 * SIMD loops and their tails run). The expected bytes are the TypeScript reference's.
 */
import { blockRowPairs } from '../../../../src/core/codegen/c/targets/blocked-layout'
import { createRng, type Rng } from '../../../../src/core/train/random'
import type { KernelResult } from '../c-runtime/wire'
import * as G from '../c/generated-cases'

const PLACEMENTS: readonly G.Placement[] = ['disjoint', 'planned', 'start', 'random']
const placement = (i: number) => PLACEMENTS[i % PLACEMENTS.length]!

/** Wide layers every other case. */
const scale = (i: number): G.CaseScale => (i % 2 ? { maxChannels: 72 } : {})

export function draw(seed: number, count: number, make: (rng: Rng, index: number) => G.GeneratedCase) {
  const rng = createRng(seed)
  return Array.from({ length: count }, (_, i) => make(rng, i))
}

export const conv1x1Cases = (seed: number, count: number) =>
  draw(seed, count, (rng, i) => G.convCase(rng, 'mote_conv2d_1x1_s8', placement(i), 0, scale(i)))
export const convPatchCases = (seed: number, count: number) =>
  draw(seed, count, (rng, i) => G.convCase(rng, 'mote_conv2d_patch_s8', placement(i), 0, scale(i % 4)))
export const depthwiseCases = (seed: number, count: number, kernel: G.DepthwiseKernel) =>
  draw(seed, count, (rng, i) => G.depthwiseCase(rng, kernel, placement(i), 0, scale(i)))
export const fullyConnectedCases = (seed: number, count: number) =>
  draw(seed, count, (rng, i) => G.fullyConnectedCase(rng, false, false, scale(i)))

/** Word indices of the window fields in a case's params (wire.ts order). */
const OUTPUT_C = 6
const FILTER_H = 7
const FILTER_W = 8
const INPUT_C = 3

/** The case with its weights (buffer 1) in the blocked layout of the DSP matrix-product kernels. */
export function blocked(c: G.GeneratedCase): G.GeneratedCase {
  const { kernel, words, buffers } = c.generated
  const weights = buffers[1] as Int8Array
  const shape =
    kernel === 'mote_fully_connected_folded_s8'
      ? { rows: words[2]!, depth: words[1]! }
      : kernel === 'mote_conv2d_1x1_s8' || kernel === 'mote_conv2d_patch_s8'
        ? { rows: words[OUTPUT_C]!, depth: words[FILTER_H]! * words[FILTER_W]! * words[INPUT_C]! }
        : undefined
  if (!shape) return c
  const laid = blockRowPairs(weights, shape.rows, shape.depth)
  return { ...c, generated: { ...c.generated, buffers: buffers.map((b, i) => (i === 1 ? laid : b)) } }
}

/** "case i: …" for every result that is not the reference's bytes. */
export function mismatches(cases: readonly G.GeneratedCase[], results: readonly KernelResult[]): string[] {
  return cases.flatMap((c, i) => {
    const r = results[i]!
    const same =
      r.status === 0 && r.output.length === c.expected.length && r.output.every((b, k) => b === c.expected[k])
    return same ? [] : [`case ${i}: status ${r.status}, words [${Array.from(c.generated.words).join(', ')}]`]
  })
}
