import type { DspNumeric } from '../../../../src/core/codegen/c/dsp-params'
import {
  dctTable,
  melEnergies,
  spectralFeaturesPerAxis,
  type BlockConfig,
  type MfccParams,
  type MfeParams,
  type SeriesInput,
  type SpectralParams,
} from '../../../../src/core/dsp'

/**
 * The tolerances stated in docs/dsp.md ("The C port"), as checks: each returns the indices of the
 * features where the C output `c` is farther from the TypeScript output `ts` than stated, with a reason.
 *
 * Powers and mel energies are compared in the linear domain against a bound of the form
 *   |ΔP| ≤ rel·P + range·P_max      (P_max: the axis's mean square rms², or the frame's largest mel energy)
 * because an FFT's rounding noise is relative to the strongest bin, not to each bin: `range` is the FFT's
 * dynamic range (q15 ≈ −80 dB a bin, float32 ≈ −140 dB). Log features are converted back to power first.
 */

export interface Tolerance {
  readonly powerRel: number
  readonly powerRange: number
}

export const tolerances: Readonly<Record<DspNumeric, Tolerance>> = {
  float: { powerRel: 5e-4, powerRange: 1e-7 },
  fixed: { powerRel: 1e-2, powerRange: 3e-6 },
}

/** rms (relative), skewness and kurtosis (absolute), peak and band powers: per build. */
const moments = {
  float: { rmsRel: 1e-4, shapeAbs: 1e-4 },
  fixed: { rmsRel: 1e-3, shapeAbs: 5e-3 },
}

export type Misfit = { index: number; ts: number; c: number; bound: number }

function check(ts: ArrayLike<number>, c: ArrayLike<number>, bound: (i: number) => number): Misfit[] {
  const out: Misfit[] = []
  for (let i = 0; i < ts.length; i++) {
    const b = bound(i)
    if (!(Math.abs(ts[i]! - c[i]!) <= b)) out.push({ index: i, ts: ts[i]!, c: c[i]!, bound: b })
  }
  return out
}

/** Raw and image: one rounding of the output (float32: 2^−23 relative; fixed: half a Q16.16 step). */
export function pointwiseMisfits(numeric: DspNumeric, ts: Float32Array, c: Float64Array): Misfit[] {
  return check(ts, c, (i) =>
    numeric === 'float' ? 3e-7 * Math.abs(ts[i]!) + 3e-7 : 2 ** -16 + 1e-6 * Math.abs(ts[i]!),
  )
}

function spectralPowers(p: SpectralParams, values: ArrayLike<number>, at: number): number[] {
  const powers: number[] = []
  for (let i = 0; i < p.peaksCount; i++) powers.push(values[at + 4 + 2 * i]!)
  for (let i = 0; i + 1 < p.bandEdgesHz.length; i++) powers.push(values[at + 3 + 2 * p.peaksCount + i]!)
  return powers.map((v) => (p.logPower ? Math.pow(10, v) : v))
}

export function spectralMisfits(
  numeric: DspNumeric,
  p: SpectralParams,
  axes: number,
  ts: Float32Array,
  c: Float64Array,
): Misfit[] {
  const per = spectralFeaturesPerAxis(p)
  const tol = tolerances[numeric]
  const m = moments[numeric]
  const misfits: Misfit[] = []
  for (let a = 0; a < axes; a++) {
    const at = a * per
    const tsPowers = spectralPowers(p, ts, at)
    const cPowers = spectralPowers(p, c, at)
    const pMax = Math.max(ts[at]! * ts[at]!, 1e-10)
    const near = check(ts.subarray(at, at + per), c.subarray(at, at + per), (j) => {
      if (j === 0) return m.rmsRel * Math.abs(ts[at]!) + 2 ** -16
      if (j < 3) return m.shapeAbs + 2 ** -16
      return Infinity
    }).map((f) => ({ ...f, index: f.index + at }))
    misfits.push(...near)
    tsPowers.forEach((power, k) => {
      const bound = tol.powerRel * power + tol.powerRange * pMax + (p.logPower ? 1e-10 : 2 ** -16)
      const index = k < p.peaksCount ? at + 4 + 2 * k : at + 3 + p.peaksCount + k
      if (!(Math.abs(cPowers[k]! - power) <= bound)) misfits.push({ index, ts: power, c: cPowers[k]!, bound })
    })
    misfits.push(...peakFrequencyMisfits(p, ts, c, at, tsPowers, pMax))
  }
  return misfits
}

/**
 * Peak frequencies are bin centres and must be equal, except where the choice is a near-tie that rounding
 * may decide either way: two peaks within 1 % of each other's power, or a power within the power bound of
 * the threshold or of the axis's noise floor.
 */
function peakFrequencyMisfits(
  p: SpectralParams,
  ts: Float32Array,
  c: Float64Array,
  at: number,
  tsPowers: number[],
  pMax: number,
): Misfit[] {
  const out: Misfit[] = []
  for (let i = 0; i < p.peaksCount; i++) {
    const power = tsPowers[i]!
    const neighbours = [tsPowers[i - 1], tsPowers[i + 1]].filter((v): v is number => v !== undefined)
    const tie = neighbours.some((v) => Math.abs(v - power) <= 0.01 * power) || power <= 1e-3 * pMax
    const index = at + 3 + 2 * i
    if (!tie && Math.abs(ts[index]! - c[index]!) > 1e-4)
      out.push({ index, ts: ts[index]!, c: c[index]!, bound: 1e-4 })
    if (tie) break
  }
  return out
}

/**
 * The TypeScript front end's mel energies ([frames][filters]), the block's energy floor, and the bound on
 * each energy: rel·E + range·(the frame's largest energy), E floored.
 */
function energyBounds(numeric: DspNumeric, p: MfeParams | MfccParams, input: SeriesInput) {
  const { energies } = melEnergies(p, input)
  const filters = p.numFilters
  const floor = Math.pow(10, p.noiseFloorDb / 10)
  const tol = tolerances[numeric]
  const bound = (i: number) => {
    const frame = Math.floor(i / filters)
    let max = floor
    for (let m = 0; m < filters; m++) max = Math.max(max, energies[frame * filters + m]!)
    const e = Math.max(energies[i]!, floor)
    return tol.powerRel * e + tol.powerRange * max
  }
  return { energies, filters, floor, bound }
}

export function mfeMisfits(
  numeric: DspNumeric,
  p: MfeParams,
  input: SeriesInput,
  ts: Float32Array,
  c: Float64Array,
): Misfit[] {
  const { floor, bound } = energyBounds(numeric, p, input)
  const top = Math.pow(10, 1.2)
  const toEnergy = (v: number) => {
    const db = p.normalize ? v * (12 - p.noiseFloorDb) + p.noiseFloorDb : v
    return Math.min(p.normalize ? top : Infinity, Math.max(floor, Math.pow(10, db / 10)))
  }
  const out: Misfit[] = []
  for (let i = 0; i < ts.length; i++) {
    const [a, b] = [toEnergy(ts[i]!), toEnergy(c[i]!)]
    if (!(Math.abs(a - b) <= bound(i) + 1e-6 * a))
      out.push({ index: i, ts: ts[i]!, c: c[i]!, bound: bound(i) })
  }
  return out
}

/** Each coefficient within Σ_m |DCT[k][m]|·δ_m, δ_m the log of the energy bound (plus float32 rounding). */
export function mfccMisfits(
  numeric: DspNumeric,
  p: MfccParams,
  input: SeriesInput,
  ts: Float32Array,
  c: Float64Array,
): Misfit[] {
  const { energies, filters, floor, bound } = energyBounds(numeric, p, input)
  const dct = dctTable(p.numFilters, p.numCoefficients, p.lifter)
  const k = p.numCoefficients
  return check(ts, c, (i) => {
    const frame = Math.floor(i / k)
    const coefficient = i % k
    let sum = 0
    for (let m = 0; m < filters; m++) {
      const e = Math.max(energies[frame * filters + m]!, floor)
      const delta = Math.log1p(bound(frame * filters + m) / e)
      sum += Math.abs(dct[coefficient * filters + m]!) * delta
    }
    return sum + 1e-4 * Math.abs(ts[i]!) + 1e-3
  })
}

export function blockMisfits(
  numeric: DspNumeric,
  config: BlockConfig,
  input: SeriesInput | undefined,
  ts: Float32Array,
  c: Float64Array,
): Misfit[] {
  switch (config.block) {
    case 'spectral':
      return spectralMisfits(numeric, config.params, input!.axes, ts, c)
    case 'mfe':
      return mfeMisfits(numeric, config.params, input!, ts, c)
    case 'mfcc':
      return mfccMisfits(numeric, config.params, input!, ts, c)
    default:
      return pointwiseMisfits(numeric, ts, c)
  }
}
