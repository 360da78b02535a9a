/**
 * The Cortex-M0+/M3 kernels (resources/firmware/runtime/kernels/cortex-m: 2×2-blocked products, no SIMD) built
 * for each core and run on QEMU mps2-an385 give the TypeScript reference's bytes — the portable kernels' — on
 * random cases: padding at every edge, strides, dilation, outputs over their inputs with the planner's ring,
 * extreme zero points, multipliers and shifts, odd channel counts and wide layers. The weights go in the
 * layout the targets' selector gives them (src/core/codegen/c/targets/blocked-select.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { buildTargetHarness, CORTEX_M0_ON_M3, CORTEX_M3, type TargetHarness } from './cortex-m'
import * as T from './target-cases'

const CORES = [
  { core: 'Cortex-M3', target: 'cortex-m3', machine: CORTEX_M3 },
  { core: 'Cortex-M0+', target: 'cortex-m0', machine: CORTEX_M0_ON_M3 },
] as const

describe.each(CORES)('the $core kernels on the virtual M3', ({ target, machine }) => {
  let harness: TargetHarness
  beforeAll(async () => {
    harness = await buildTargetHarness(target, machine)
  }, 120_000)

  function expectReferenceBytes(cases: ReturnType<typeof T.draw>): void {
    const laid = cases.map(T.blocked)
    const failures = T.mismatches(laid, harness.runRaw(laid.map((c) => c.generated)))
    expect(failures.slice(0, 3), `${failures.length} of ${cases.length} cases differ`).toEqual([])
  }

  it('compute 1×1 convolutions (blocked weights, 2×2 blocks) as the reference on 1000 cases', () => {
    expectReferenceBytes(T.conv1x1Cases(41, 1000))
  })

  it('compute patch convolutions (any window, blocked weights) as the reference on 1000 cases', () => {
    expectReferenceBytes(T.convPatchCases(42, 1000))
  })

  it('compute fully connected layers (blocked weights) as the reference on 1000 cases', () => {
    expectReferenceBytes(T.fullyConnectedCases(43, 1000))
  })
})
