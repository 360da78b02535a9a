/**
 * The code generator's kernels (mote_kernels_gen_s8.h), host-compiled with sanitizers and weights read only
 * through the MOTE_READ_WEIGHT_* hooks, give exactly the portable kernels' bytes — and the TypeScript
 * reference's — on thousands of random cases: folded biases, outputs over their inputs at random and planned
 * offsets with the ring that src/core/model/in-place.ts computes, and Huffman-coded weights. A ring one pixel
 * short of that is refused before anything is written, which shows the C and the TypeScript bookkeeping agree.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { createRng, type Rng } from '../../../../src/core/train/random'
import { buildHarness, type Harness } from '../c-runtime/harness'
import type { KernelResult } from '../c-runtime/wire'
import * as G from './generated-cases'

const TABLE = fileURLToPath(new URL('./harness/harness_gen_kernels.c', import.meta.url))

let portable: Harness
let generated: Harness
beforeAll(async () => {
  portable = await buildHarness()
  generated = await buildHarness({ kernelTables: [TABLE] })
}, 180_000)

function draw(seed: number, count: number, make: (rng: Rng, index: number) => G.GeneratedCase) {
  const rng = createRng(seed)
  return Array.from({ length: count }, (_, i) => make(rng, i))
}

const same = (result: KernelResult, expected: Uint8Array) =>
  result.status === 0 &&
  result.output.every((b, i) => b === expected[i]) &&
  result.output.length === expected.length

/** Every generated kernel call and its portable twin give the reference's bytes. */
function expectSameBytes(cases: readonly G.GeneratedCase[]): void {
  const mine = generated.runRaw(cases.map((c) => c.generated))
  const theirs = portable.run(cases.map((c) => c.portable))
  const failures = cases.flatMap((c, i) =>
    same(mine[i]!, c.expected) && same(theirs[i]!, c.expected)
      ? []
      : [`case ${i}: status ${mine[i]!.status}, words [${Array.from(c.generated.words).join(', ')}]`],
  )
  expect(failures.slice(0, 3), `${failures.length} of ${cases.length} cases differ`).toEqual([])
}

const PLACEMENTS: readonly G.Placement[] = ['disjoint', 'planned', 'start', 'random']
const placement = (i: number) => PLACEMENTS[i % PLACEMENTS.length]!

describe('the generated kernels', () => {
  it('compute 1×1 convolutions as the portable kernel on 2000 random cases, in place at any offset', () => {
    expectSameBytes(draw(11, 2000, (rng, i) => G.convCase(rng, 'mote_conv2d_1x1_s8', placement(i))))
  })

  it('compute any convolution through a patch as the portable kernel on 2000 random cases, in place', () => {
    expectSameBytes(draw(12, 2000, (rng, i) => G.convCase(rng, 'mote_conv2d_patch_s8', placement(i))))
  })

  it('compute depthwise convolutions with tap pointers as the portable kernel on 2000 cases, in place', () => {
    expectSameBytes(
      draw(13, 2000, (rng, i) => G.depthwiseCase(rng, 'mote_depthwise_conv2d_stream_s8', placement(i))),
    )
  })

  it('compute 3×3 depthwise convolutions unrolled as the portable kernel on 2000 cases, in place', () => {
    expectSameBytes(
      draw(14, 2000, (rng, i) => G.depthwiseCase(rng, 'mote_depthwise_conv2d_3x3_s8', placement(i))),
    )
  })

  it('compute fully connected layers with folded biases as the portable kernel on 2000 cases', () => {
    expectSameBytes(draw(15, 2000, (rng) => G.fullyConnectedCase(rng, false)))
  })

  it('run Huffman-coded fully connected, conv and depthwise layers as the portable kernels on decoded weights', () => {
    expectSameBytes([
      ...draw(16, 700, (rng, i) => G.fullyConnectedCase(rng, true, i % 2 === 0)),
      ...draw(17, 700, (rng) => G.convCase(rng, 'mote_conv2d_huffman_s8', 'disjoint')),
      ...draw(22, 500, (rng, i) => G.convCase(rng, 'mote_conv2d_1x1_huffman_s8', placement(i))),
      ...draw(23, 500, (rng, i) => G.convCase(rng, 'mote_conv2d_patch_huffman_s8', placement(i))),
      ...draw(18, 700, (rng, i) => G.depthwiseCase(rng, 'mote_depthwise_conv2d_huffman_s8', placement(i))),
    ])
  })

  it('refuse, writing nothing, a ring one pixel smaller than the planner computes', () => {
    const short = [
      ...draw(19, 600, (rng, i) => G.convCase(rng, 'mote_conv2d_patch_s8', i % 2 ? 'start' : 'random', -1)),
      ...draw(20, 600, (rng, i) =>
        G.depthwiseCase(rng, 'mote_depthwise_conv2d_stream_s8', i % 2 ? 'start' : 'random', -1),
      ),
      ...draw(21, 300, (rng) => G.convCase(rng, 'mote_conv2d_1x1_s8', 'random', -1)),
    ].filter((c) => c.ringPassed < c.ringNeeded)
    const results = generated.runRaw(short.map((c) => c.generated))
    expect(short.length).toBeGreaterThan(200)
    expect(results.filter((r) => r.status !== 5).map((r) => r.status)).toEqual([])
  })
})
