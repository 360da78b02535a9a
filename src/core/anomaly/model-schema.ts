import { z } from 'zod'
import { anomalyFailure } from './errors'
import type { AnomalyModel } from './detector'

/** Schemas of the stored anomaly models (JSON), checked whole when a detector is read back. */
const finite = z.number().finite()
const standardiser = z.object({ mean: z.array(finite), std: z.array(finite.positive()) })
const kmeans = z.object({
  kind: z.literal('kmeans'),
  standardiser,
  centroids: z.array(z.array(finite)).min(1),
})
const gaussian = z.object({
  kind: z.literal('gaussian'),
  standardiser,
  whitening: z.array(finite),
  shrinkage: finite.min(0).max(1),
})
const layer = z.object({
  inputs: z.number().int().positive(),
  outputs: z.number().int().positive(),
  weights: z.array(finite),
  bias: z.array(finite),
})
const autoencoder = z.object({ kind: z.literal('autoencoder'), standardiser, layers: z.array(layer).min(1) })

const modelSchema = z.discriminatedUnion('kind', [kmeans, gaussian, autoencoder])

/** Validates a stored model, its shapes included; throws 13203 naming what is wrong. */
export function parseAnomalyModel(json: unknown): AnomalyModel {
  const parsed = modelSchema.safeParse(json)
  if (!parsed.success)
    throw anomalyFailure(
      'AnomalyModelDamaged',
      `The stored anomaly detector is damaged: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}. Train it again.`,
    )
  const model = parsed.data
  const d = model.standardiser.mean.length
  const shapesOk =
    model.standardiser.std.length === d &&
    (model.kind === 'kmeans'
      ? model.centroids.every((c) => c.length === d)
      : model.kind === 'gaussian'
        ? model.whitening.length === (d * (d + 1)) / 2
        : layersChain(model.layers, d))
  if (!shapesOk)
    throw anomalyFailure(
      'AnomalyModelDamaged',
      `The stored ${model.kind} detector's arrays do not match its ${d} features. Train it again.`,
    )
  return model
}

function layersChain(layers: readonly z.output<typeof layer>[], d: number): boolean {
  let inputs = d
  for (const l of layers) {
    if (l.inputs !== inputs || l.weights.length !== l.inputs * l.outputs || l.bias.length !== l.outputs)
      return false
    inputs = l.outputs
  }
  return inputs === d
}
