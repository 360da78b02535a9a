import { z } from 'zod'
import type { SampleMeta as DatasetSampleMeta } from '../dataset/sample'
import {
  describeFeatures,
  featureDesignSchema,
  withoutLearntConstants,
  type FeatureDesign,
  type SampleMeta as DspMeta,
} from '../dsp'
import { analyzeModel, parseModelSpec, type ModelSpec } from '../model'
import { trainFailure } from './errors'
import { trainSettingsSchema, type TrainSettings } from './settings'
import { PRETRAINED_MODELS, pretrainedChoiceSchema, type PretrainedChoice } from './pretrained'
import { learnerChoiceSchema, type LearnerChoice } from '../classical/learner-choice'
import { learnerFor, parseLearnerParams } from '../classical/registry'
import { isMoteFailure } from '../../shared/errors'

/**
 * The design of a project, stored as design.json: what the samples look like (`input`), how they become
 * features (`features`: window + blocks, src/core/dsp), the model (`model`: a ModelSpec), the output labels
 * in class order, and the training settings.
 */
export const designInputSchema = z.object({
  kind: z.enum(['timeseries', 'audio', 'image']),
  /** Samples per second per axis (0 for images). */
  rateHz: z.number().min(0).max(1_000_000),
  /** Axis names in sample order; for images the channels (R, G, B). */
  axes: z.array(z.string().max(64)).min(1).max(64),
  image: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).optional(),
})
export type DesignInput = z.output<typeof designInputSchema>

export const projectDesignSchema = z.object({
  version: z.literal(1),
  input: designInputSchema,
  features: featureDesignSchema,
  model: z.unknown(),
  /** The preset the model came from, for the Design view ('' when edited by hand), and its width multiplier. */
  preset: z.string().max(64).default(''),
  presetWidth: z.number().positive().max(4).default(1),
  labels: z.array(z.string().max(128)).min(2).max(1000),
  training: trainSettingsSchema.prefault({}),
  /** Start from a pretrained backbone (pretrained.ts): the model is then the new head on its embedding. */
  pretrained: pretrainedChoiceSchema.optional(),
  /** A classical learner (src/core/classical) trained on the features instead of `model` (issue 15). */
  learner: learnerChoiceSchema.optional(),
})

export interface ProjectDesign {
  readonly version: 1
  readonly input: DesignInput
  readonly features: FeatureDesign
  readonly model: ModelSpec
  readonly preset: string
  readonly presetWidth: number
  readonly labels: readonly string[]
  readonly training: TrainSettings
  readonly pretrained?: PretrainedChoice
  readonly learner?: LearnerChoice
}

/** Validates a stored or edited design (filling defaults); fails (13001 / 12001) naming the field. */
export function parseProjectDesign(value: unknown): ProjectDesign {
  const result = projectDesignSchema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw trainFailure(
      'InvalidDesign',
      `The design is invalid at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'unknown problem'}. Fix that setting.`,
      JSON.stringify(result.error.issues),
    )
  }
  const { pretrained, learner, ...data } = result.data
  if (learner) checkLearnerParams(learner)
  return {
    ...data,
    ...(pretrained ? { pretrained } : {}),
    ...(learner ? { learner } : {}),
    features: data.features as FeatureDesign,
    model: parseModelSpec(data.model),
  }
}

/** A classical learner's params, checked by its own schema: a bad one is an invalid design (13001). */
function checkLearnerParams(learner: LearnerChoice): void {
  try {
    parseLearnerParams(learnerFor(learner.kind), learner.params)
  } catch (e) {
    if (!isMoteFailure(e)) throw e
    throw trainFailure('InvalidDesign', `The design's learner is invalid: ${e.message}`, e.detail)
  }
}

/** The DSP metadata of samples that fit this input. */
export function dspMetaOf(input: DesignInput): DspMeta {
  if (input.kind !== 'image') return { axes: input.axes.length, rateHz: input.rateHz }
  const channels = input.axes.length
  if (channels !== 3 && channels !== 4)
    throw trainFailure('InputMismatch', `Images need 3 (RGB) or 4 (RGBA) channels; these have ${channels}.`)
  const { width, height } = input.image ?? { width: 0, height: 0 }
  return { kind: 'image', width, height, channels }
}

/** The DSP metadata of one stored sample. */
export function sampleDspMeta(meta: DatasetSampleMeta): DspMeta {
  if (meta.kind !== 'image') return { axes: meta.axes.length, rateHz: meta.rateHz }
  return {
    kind: 'image',
    width: meta.image?.width ?? 0,
    height: meta.image?.height ?? 0,
    channels: meta.axes.length as 3 | 4,
  }
}

/** The feature shape the design produces (the model's input). */
export function featureShapeOf(design: Pick<ProjectDesign, 'input' | 'features'>): readonly number[] {
  return describeFeatures(dspMetaOf(design.input), design.features).shape
}

/** What the model reads: the features, or the pretrained backbone's embedding when the design has one. */
export function modelInputShapeOf(
  design: Pick<ProjectDesign, 'input' | 'features' | 'pretrained'>,
): readonly number[] {
  if (!design.pretrained) return featureShapeOf(design)
  const backbone = PRETRAINED_MODELS[design.pretrained.model]
  const shape = featureShapeOf(design)
  if (shape.join(',') !== backbone.featureShape.join(','))
    throw trainFailure(
      'OutputMismatch',
      `The pretrained model "${backbone.title}" reads features [${backbone.featureShape.join(', ')}], but the design's features are [${shape.join(', ')}]. Use its own feature block again (Design view, Features), or remove the pretrained model (\`mote design set pretrained=null\`).`,
    )
  return [backbone.embeddingSize]
}

/**
 * Checks that the parts fit together: the model reads what the features produce and ends in a softmax
 * over the labels. Fails with the fix (13010, or the model/DSP errors).
 */
export function checkDesign(design: ProjectDesign): void {
  const labels = design.labels
  if (labels.some((l) => l.trim() === ''))
    throw trainFailure(
      'BadLabel',
      'The design has an empty label. Give every class a name in the Output block.',
    )
  if (new Set(labels).size !== labels.length)
    throw trainFailure(
      'BadLabel',
      'The design lists a label twice. Remove the duplicate in the Output block.',
    )
  const shape = modelInputShapeOf(design)
  if (shape.join(',') !== design.model.inputShape.join(',')) {
    throw trainFailure(
      'OutputMismatch',
      design.pretrained
        ? `The head reads [${design.model.inputShape.join(', ')}] but the pretrained model gives [${shape.join(', ')}] features. Give the head ${shape.join(' × ')} inputs in the Design view, or remove the pretrained model (\`mote design set pretrained=null\`).`
        : `The model reads [${design.model.inputShape.join(', ')}] but the features are [${shape.join(', ')}]. Re-apply a model preset in the Design view (or \`mote design set --preset …\`), or set the model's input to the feature shape.`,
    )
  }
  const report = analyzeModel(design.model)
  const last = design.model.layers[design.model.layers.length - 1]!
  const out = report.outputShape
  if (
    out.length !== 1 ||
    out[0] !== labels.length ||
    last.type !== 'dense' ||
    last.activation !== 'softmax'
  ) {
    throw trainFailure(
      'OutputMismatch',
      `The model must end in a dense softmax layer with one unit per label (${labels.length}); it ends in "${last.id}" with output [${out.join(', ')}]. Set its units to ${labels.length} and its activation to softmax.`,
    )
  }
}

/**
 * A short fingerprint of what a trained model depends on (input, features, model, labels; not the training
 * settings). A model whose hash differs from the current design's is stale: "Retrain to update".
 */
export function designHash(
  design: Pick<ProjectDesign, 'input' | 'features' | 'model' | 'labels' | 'pretrained' | 'learner'>,
): string {
  const text = stableStringify({
    input: design.input,
    features: withoutLearntConstants(design.features),
    model: design.model,
    labels: design.labels,
    pretrained: design.pretrained,
    learner: design.learner,
  })
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193) >>> 0
    h2 = Math.imul(h2 ^ text.charCodeAt(i), 0x5bd1e995) >>> 0
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
