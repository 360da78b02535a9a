import { z } from 'zod'
import { audioFrontEndFields, audioLayout, frontEndTables, melEnergies } from '../audio-frontend'
import type { InputShape } from '../types'
import { requireSeries, type FeatureBlock } from './block'

/**
 * MFE / log-mel filterbank energies. From the mel energies E[t][m] (audio-frontend.ts):
 *   d = 10·log10(max(E, 1e-30))                        (dB)
 *   normalize = true:  y = clip((d − floor) / (12 − floor), 0, 1)   (Edge Impulse's MFE normalisation:
 *                      floor dB → 0, +12 dB → 1)
 *   normalize = false: y = max(d, floor)
 * with floor = noiseFloorDb. Output shape `[frames, numFilters]`.
 */
export const mfeParamsSchema = z.object({
  ...audioFrontEndFields,
  noiseFloorDb: z.number().max(-1).min(-200).default(-52),
  normalize: z.boolean().default(true),
})
export type MfeParams = z.output<typeof mfeParamsSchema>

export const mfeBlock: FeatureBlock<MfeParams> = {
  id: 'mfe',
  title: 'MFE (log-mel energies)',
  inputKind: 'series',
  schema: mfeParamsSchema,
  defaults: mfeParamsSchema.parse({}),
  describeOutput(p, input: InputShape) {
    const s = requireSeries(input, 'MFE')
    const layout = audioLayout(p, s)
    frontEndTables(p, s.rateHz, layout)
    return [layout.frameCount, p.numFilters]
  },
  compute(p, input) {
    const s = requireSeries(input, 'MFE')
    const { energies } = melEnergies(p, s)
    const out = new Float32Array(energies.length)
    const floor = p.noiseFloorDb
    for (let i = 0; i < energies.length; i++) {
      const db = 10 * Math.log10(Math.max(energies[i]!, 1e-30))
      out[i] = p.normalize ? Math.min(1, Math.max(0, (db - floor) / (12 - floor))) : Math.max(db, floor)
    }
    return out
  },
}
