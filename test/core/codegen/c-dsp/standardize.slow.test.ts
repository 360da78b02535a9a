import { afterAll, describe, expect, it } from 'vitest'
import { dspBlockCode, type DspNumeric } from '../../../../src/core/codegen/c/dsp-params'
import { generateDigitsTable } from '../../../../src/core/demo/digits'
import {
  parseFeatureDesign,
  rawBlock,
  standardizationOf,
  withStandardization,
  type SeriesShape,
  type RawParams,
} from '../../../../src/core/dsp'
import { compileHarness, type Harness } from './harness'
import { pointwiseMisfits } from './tolerances'

/**
 * The raw block standardising the digits table (64 features, one frame): the constants learnt from the
 * training rows are generated into the C as tables, and the C computes what the TypeScript computes on the
 * test rows and on blank and fully inked images. Inputs are counts of 1/1024 (a digit's 0…16 is exact).
 * Float: one float32 rounding (the constants are float32 already, so both sides use the same ones). Fixed:
 * the offset is held in Q8 counts, so it may be off by half of 1/256 count, times the gain, on top of the
 * output's Q16.16 rounding; the bound says so.
 */

const LSB = 1 / 1024
const table = generateDigitsTable()
const rowsOf = (category: 'training' | 'testing') =>
  table.category.flatMap((c, r) => (c === category ? [table.x.subarray(r * 64, (r + 1) * 64)] : []))
const standardization = standardizationOf(rowsOf('training'), 64)
const features = withStandardization(
  parseFeatureDesign({ blocks: [{ block: 'raw', params: { standardize: true } }] }),
  standardization,
)
const config = features.blocks[0]!
const params = config.params as RawParams
const input: SeriesShape = { kind: 'series', frames: 1, axes: 64, rateHz: 1 }
const windows = [
  ...rowsOf('testing').map((x) => Array.from(x, (v) => v / LSB)),
  new Array<number>(64).fill(0),
  new Array<number>(64).fill(16 / LSB),
]

function tsOf(counts: readonly number[]): Float32Array {
  return rawBlock.compute(params, { ...input, values: Float32Array.from(counts, (v) => v * LSB) })
}

describe.each(['float', 'fixed'] as DspNumeric[])('standardisation in the %s C build', (numeric) => {
  const code = dspBlockCode(config, input, { numeric, inputLsb: LSB }, 'digits')
  let harness: Harness | undefined
  const built = () => (harness ??= compileHarness([code], numeric))
  afterAll(() => harness?.dispose())

  it('carries the learnt mean and 1/std of every feature as constant tables', () => {
    const tables = code.source
    if (numeric === 'float') {
      expect(tables).toContain('digits_offset')
      expect(tables).toContain('digits_gain')
    } else expect(tables).toContain('digits_offset_q8')
    expect(standardization.axisScales.filter((s) => s !== 1).length).toBeGreaterThan(40)
  })

  it('computes the TypeScript block on 362 digit rows within one rounding (and the offset step in fixed)', () => {
    const outputs = built().run(
      0,
      windows.map((w) => (numeric === 'fixed' ? w : w.map((v) => v * LSB))),
    )
    windows.forEach((window, w) => {
      const ts = tsOf(window)
      const c = outputs[w]!
      const misfits =
        numeric === 'float'
          ? pointwiseMisfits(numeric, ts, c)
          : Array.from(ts).flatMap((t, i) => {
              const bound = 2 ** -16 + 1e-6 * Math.abs(t) + (Math.abs(params.axisScales[i]!) * LSB) / 512
              return Math.abs(t - c[i]!) <= bound ? [] : [{ index: i, ts: t, c: c[i]!, bound }]
            })
      expect(misfits.slice(0, 5), `window ${w}`).toEqual([])
    })
  })
})
