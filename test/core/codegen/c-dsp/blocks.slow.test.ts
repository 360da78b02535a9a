import { afterAll, describe, expect, it } from 'vitest'
import { dspBlockCode, type DspNumeric } from '../../../../src/core/codegen/c/dsp-params'
import { featureBlock, type BlockInput, type SeriesInput } from '../../../../src/core/dsp'
import { blockCases, type BlockCase } from './block-cases'
import { compileHarness, type Harness } from './harness'
import { blockMisfits } from './tolerances'

/**
 * Every block in C, both builds, on random, real and edge-case windows, against the TypeScript block within
 * the tolerances docs/dsp.md states (tolerances.ts). Compiled with ASan and UBSan: an out-of-bounds access
 * or a signed overflow fails here.
 */

const cases = blockCases()

function tsInput(c: BlockCase, window: readonly number[]): BlockInput {
  if (c.input.kind === 'image') return { ...c.input, pixels: window }
  return { ...c.input, values: Float32Array.from(window, (v) => v * c.lsb) }
}

describe.each(['float', 'fixed'] as DspNumeric[])('the %s build of the C blocks', (numeric) => {
  const codes = cases.map((c, i) => dspBlockCode(c.config, c.input, { numeric, inputLsb: c.lsb }, `case${i}`))
  let harness: Harness | undefined
  const built = () => (harness ??= compileHarness(codes, numeric))
  afterAll(() => harness?.dispose())

  it('needs exactly the work buffer that code generation computes', () => {
    expect(built().workBytes()).toEqual(codes.map((c) => c.workBytes))
  })

  it.each(cases.map((c, i) => [c.name, i] as const))(
    '%s: matches the TypeScript within the stated tolerance',
    (_, i) => {
      const c = cases[i]!
      const image = c.input.kind === 'image'
      const outputs = built().run(
        i,
        c.windows.map((w) => (numeric === 'fixed' || image ? w : w.map((v) => v * c.lsb))),
      )
      c.windows.forEach((window, w) => {
        const input = tsInput(c, window)
        const ts = featureBlock(c.config.block).compute(c.config.params as never, input)
        const misfits = blockMisfits(
          numeric,
          c.config,
          image ? undefined : (input as SeriesInput),
          ts,
          outputs[w]!,
        )
        expect(misfits.slice(0, 5), `window ${w}`).toEqual([])
      })
    },
  )
})
