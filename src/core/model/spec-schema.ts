import { z } from 'zod'
import { modelFailure } from './errors'
import type { ModelSpec } from './spec'

/**
 * The zod schema of a `ModelSpec`, for specs that arrive from disk (design.json), the CLI or the renderer.
 * It checks field types and ranges only; references between layers and shapes are `analyzeModel`'s job,
 * which can name the layer at fault.
 */
const size = z.number().int().min(1).max(65536)
const pair = z.tuple([size, size])
const id = z
  .string()
  .min(1, 'a layer needs an id')
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a layer id starts with a letter and has only letters, digits, _ and -')
const activation = z.enum(['linear', 'relu', 'relu6', 'softmax'])
const padding = z.enum(['same', 'valid'])
const base = { id, input: id.optional() }

export const layerSpecSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('dense'), units: size, activation, useBias: z.boolean().optional() }),
  z.object({
    ...base,
    type: z.literal('conv1d'),
    filters: size,
    kernelSize: size,
    stride: size.optional(),
    padding: padding.optional(),
    activation,
    useBias: z.boolean().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('conv2d'),
    filters: size,
    kernelSize: pair,
    stride: pair.optional(),
    padding: padding.optional(),
    activation,
    useBias: z.boolean().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('depthwiseConv2d'),
    kernelSize: pair,
    stride: pair.optional(),
    depthMultiplier: size.optional(),
    padding: padding.optional(),
    activation,
    useBias: z.boolean().optional(),
  }),
  z.object({
    ...base,
    type: z.enum(['maxPool1d', 'avgPool1d']),
    poolSize: size,
    stride: size.optional(),
    padding: padding.optional(),
  }),
  z.object({
    ...base,
    type: z.enum(['maxPool2d', 'avgPool2d']),
    poolSize: pair,
    stride: pair.optional(),
    padding: padding.optional(),
  }),
  z.object({ ...base, type: z.enum(['globalAvgPool1d', 'globalAvgPool2d']) }),
  z.object({ ...base, type: z.literal('add'), other: id, activation: activation.optional() }),
  z.object({ ...base, type: z.literal('batchNorm'), epsilon: z.number().positive().max(1).optional() }),
  z.object({ ...base, type: z.literal('dropout'), rate: z.number().min(0).lt(1) }),
  z.object({ ...base, type: z.literal('flatten') }),
  z.object({ ...base, type: z.literal('reshape'), targetShape: z.array(z.number().int()).min(1).max(3) }),
  z.object({ ...base, type: z.literal('activation'), activation }),
])

export const modelSpecSchema = z.object({
  inputShape: z.array(size).min(1).max(3),
  layers: z.array(layerSpecSchema).min(1, 'a model needs at least one layer').max(200),
})

/** Validates a spec's fields, or fails (12001) with the first problem and where it is. */
export function parseModelSpec(value: unknown): ModelSpec {
  const result = modelSpecSchema.safeParse(value)
  if (result.success) return result.data as ModelSpec
  const issue = result.error.issues[0]
  const path = issue?.path ?? []
  const layers = (value as { layers?: { id?: unknown }[] } | null)?.layers
  const layerIndex = path[0] === 'layers' && typeof path[1] === 'number' ? path[1] : undefined
  const layerId = layerIndex === undefined ? undefined : layers?.[layerIndex]?.id
  const where =
    layerIndex === undefined
      ? `"${path.join('.') || 'model'}"`
      : `layer ${typeof layerId === 'string' ? `"${layerId}"` : layerIndex + 1}, field "${path.slice(2).join('.')}"`
  throw modelFailure(
    'InvalidSpec',
    `The model is invalid at ${where}: ${issue?.message ?? 'unknown problem'}. Fix that setting.`,
    JSON.stringify(result.error.issues),
  )
}
