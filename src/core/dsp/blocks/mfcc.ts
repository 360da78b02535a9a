import { z } from 'zod'
import { audioFrontEndFields, audioLayout, frontEndTables, melEnergies } from '../audio-frontend'
import { applyDct, dctTable } from '../dct'
import { dspFailure } from '../errors'
import type { InputShape, SeriesShape } from '../types'
import { requireSeries, type FeatureBlock } from './block'

/**
 * MFCC: from the mel energies E[t][m] (audio-frontend.ts),
 *   l[t][m] = ln(max(E[t][m], 10^(noiseFloorDb/10)))
 *   c[t][k] = orthonormal DCT-II of l[t] (dct.ts), k = 0…numCoefficients−1, times the HTK lifter
 * — the speechpy / Edge Impulse MFCC (natural log, `dct(type=2, norm='ortho')`, lifter 1 + (L/2)·sin(πk/L)),
 * which is also librosa's `mfcc(dct_type=2, norm='ortho', lifter=L)` applied to a natural-log mel
 * spectrogram. Output shape `[frames, numCoefficients]`.
 */
export const mfccParamsSchema = z.object({
  ...audioFrontEndFields,
  numFilters: audioFrontEndFields.numFilters.default(32),
  numCoefficients: z.number().int().min(1).max(128).default(13),
  /** HTK cepstral lifter L; 0 turns it off. */
  lifter: z.number().min(0).max(1000).default(0),
  noiseFloorDb: z.number().max(-1).min(-200).default(-100),
})
export type MfccParams = z.output<typeof mfccParamsSchema>

let cachedDct: { key: string; table: Float32Array } | undefined

function dct(p: MfccParams): Float32Array {
  const key = `${p.numFilters}:${p.numCoefficients}:${p.lifter}`
  if (cachedDct?.key !== key) cachedDct = { key, table: dctTable(p.numFilters, p.numCoefficients, p.lifter) }
  return cachedDct.table
}

function layoutFor(p: MfccParams, s: SeriesShape): number {
  if (p.numCoefficients > p.numFilters) {
    throw dspFailure(
      'IncompatibleParams',
      `MFCC cannot have more coefficients (${p.numCoefficients}) than mel filters (${p.numFilters}). Lower the coefficients or add filters.`,
    )
  }
  const layout = audioLayout(p, s)
  frontEndTables(p, s.rateHz, layout)
  return layout.frameCount
}

export const mfccBlock: FeatureBlock<MfccParams> = {
  id: 'mfcc',
  title: 'MFCC',
  inputKind: 'series',
  schema: mfccParamsSchema,
  defaults: mfccParamsSchema.parse({}),
  describeOutput(p, input: InputShape) {
    return [layoutFor(p, requireSeries(input, 'MFCC')), p.numCoefficients]
  },
  compute(p, input) {
    const s = requireSeries(input, 'MFCC')
    const frames = layoutFor(p, s)
    const { energies } = melEnergies(p, s)
    const floor = Math.pow(10, p.noiseFloorDb / 10)
    for (let i = 0; i < energies.length; i++) energies[i] = Math.log(Math.max(energies[i]!, floor))
    const table = dct(p)
    const out = new Float32Array(frames * p.numCoefficients)
    for (let t = 0; t < frames; t++)
      applyDct(table, p.numFilters, energies, t * p.numFilters, out, t * p.numCoefficients)
    return out
  },
}
