import { afterAll, describe, expect, it } from 'vitest'
import {
  emitAnomalyC,
  fixedScore,
  fixedThreshold,
  float32Score,
  parseAnomalySettings,
  toFixed,
  trainAnomalyModel,
  type GaussianModel,
  type KMeansModel,
} from '../../../src/core/anomaly'
import { createRng } from '../../../src/core/train/random'
import { normalStates } from './blobs'
import { compileScorers, type CScorer } from './c-harness'

const ROWS = 4000

/**
 * Random rows around the normal data, and far from it: most within a few σ, one in eight scaled by up to
 * 10⁴ (so that quantisation clamps and the uint32 sums saturate), some exactly at the centre.
 */
function randomRows(cols: number, seed: number): Float32Array {
  const rng = createRng(seed)
  const x = new Float32Array(ROWS * cols)
  for (let r = 0; r < ROWS; r++) {
    const wild = r % 8 === 7 ? 10 ** rng.uniform(0, 4) : 1
    for (let j = 0; j < cols; j++) x[r * cols + j] = r % 97 === 0 ? 0 : (rng.normal() * 4 + 3) * wild
  }
  return x
}

const kmeans = trainAnomalyModel(
  parseAnomalySettings({ kind: 'kmeans', clusters: 5 }),
  normalStates(1, 300),
) as KMeansModel
const gaussian = trainAnomalyModel(
  parseAnomalySettings({ kind: 'gaussian' }),
  normalStates(1, 300),
) as GaussianModel
const models = { kmeans, gaussian }
const threshold = 2.5
const scorers: CScorer[] = (['kmeans', 'gaussian'] as const).flatMap((kind) =>
  (['fixed', 'float'] as const).map((numeric) => ({
    prefix: `${kind}_${numeric}`,
    cols: 8,
    code: emitAnomalyC(models[kind], threshold, numeric, `${kind}_${numeric}`),
  })),
)
const program = compileScorers(scorers)
afterAll(() => program.dispose())

describe.each(['kmeans', 'gaussian'] as const)('the generated C of the %s score', (kind) => {
  const model = models[kind]
  const rows = randomRows(8, kind === 'kmeans' ? 11 : 12)
  const row = (r: number) => rows.subarray(r * 8, (r + 1) * 8)

  it(`gives the TypeScript fixed-point scores bit for bit on ${ROWS} random rows, saturation included`, () => {
    const out = program.run(
      scorers.findIndex((s) => s.prefix === `${kind}_fixed`),
      rows,
    )
    const fixed = toFixed(model)
    const expected = Uint32Array.from({ length: ROWS }, (_, r) => fixedScore(fixed, row(r)))
    expect(out.bits).toEqual(expected)
    expect(expected).toContain(4294967295)
    const limit = fixedThreshold(threshold, 8)
    expect(Array.from(out.alarms)).toEqual(Array.from(expected, (s) => (s > limit ? 1 : 0)))
  })

  it(`gives the TypeScript float32 scores bit for bit on ${ROWS} random rows`, () => {
    const out = program.run(
      scorers.findIndex((s) => s.prefix === `${kind}_float`),
      rows,
    )
    const expected = Float32Array.from({ length: ROWS }, (_, r) => float32Score(model, row(r)))
    expect(new Float32Array(out.bits.buffer)).toEqual(expected)
  })

  it('keeps the fixed score within 1 % (+ one Q8 step per feature) of the float score × 65536·d', () => {
    const fixed = toFixed(model)
    for (let r = 0; r < 500; r++) {
      if (r % 8 === 7) continue
      const exact = float32Score(model, row(r)) * 65536 * 8
      expect(Math.abs(fixedScore(fixed, row(r)) - exact)).toBeLessThan(
        0.01 * exact + 8 * 512 * Math.sqrt(exact) + 2048,
      )
    }
  })
})
