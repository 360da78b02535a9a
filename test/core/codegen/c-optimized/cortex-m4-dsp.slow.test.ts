/**
 * The Cortex-M4/M7 DSP kernels (resources/firmware/runtime/kernels/cortex-m4-dsp) run on the virtual M4
 * (QEMU mps2-an386) and give the TypeScript reference's bytes — the portable kernels' — on thousands of
 * random cases: padding at every edge, strides, dilation, outputs over their inputs with the planner's ring,
 * extreme zero points, multipliers and shifts, layers wide enough for every SIMD path and its tail. The weights
 * go in the layout the target's selector gives them (src/core/codegen/c/targets/blocked-select.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { buildTargetHarness, CORTEX_M4, type TargetHarness } from './cortex-m'
import * as T from './target-cases'

let harness: TargetHarness
beforeAll(async () => {
  harness = await buildTargetHarness('cortex-m4-dsp', CORTEX_M4)
}, 120_000)

function expectReferenceBytes(cases: ReturnType<typeof T.draw>): void {
  const laid = cases.map(T.blocked)
  const failures = T.mismatches(laid, harness.runRaw(laid.map((c) => c.generated)))
  expect(failures.slice(0, 3), `${failures.length} of ${cases.length} cases differ`).toEqual([])
}

describe('the Cortex-M4 DSP kernels on the virtual M4', () => {
  it('compute 1×1 convolutions (blocked weights, 2×2 SMLAD blocks) as the reference on 1500 cases', () => {
    expectReferenceBytes(T.conv1x1Cases(31, 1500))
  })

  it('compute patch convolutions (any window, blocked weights) as the reference on 1500 cases', () => {
    expectReferenceBytes(T.convPatchCases(32, 1500))
  })

  it('compute depthwise convolutions four channels at a time as the reference on 1500 cases', () => {
    expectReferenceBytes([
      ...T.depthwiseCases(33, 750, 'mote_depthwise_conv2d_stream_s8'),
      ...T.depthwiseCases(34, 750, 'mote_depthwise_conv2d_3x3_s8'),
    ])
  })

  it('compute fully connected layers (blocked weights, input expanded as read) as the reference on 1500 cases', () => {
    expectReferenceBytes(T.fullyConnectedCases(35, 1500))
  })
})
