/** `mote design`'s work, loaded by commands/design.ts only when a subcommand runs (the CLI starts fast). */
import type { AppServices } from '../../main/app-services'
import { analyzeModel, presetIds, type PresetId } from '../../core/model'
import { editDesign, parseDesignEdit } from '../../core/train/design-edit'
import { featureShapeOf, parseProjectDesign, type ProjectDesign } from '../../core/train/design'
import { suggestDesign } from '../../core/train/suggest'
import { createCliServices } from '../cli-services'
import { UsageError, type Output } from '../output'

export interface DesignCliOptions {
  project: string
  json?: boolean
  preset?: string
  width?: string
  save?: boolean
}

/** A design as a person reads it: the chain left to right, then training. */
export function describeDesign(design: ProjectDesign, origin: string): string {
  const { window } = design.features
  const report = analyzeModel(design.model)
  const aug = design.training.augmentation
  const augmentation = Object.entries(aug)
    .filter(([key, value]) => key !== 'copies' && value !== 0 && value !== '' && value !== 1)
    .map(([key, value]) => `${key} ${String(value)}`)
  return [
    origin,
    `input      ${design.input.kind}, ${design.input.rateHz} Hz, axes ${design.input.axes.join(', ')}`,
    `window     ${window.lengthMs} ms every ${window.strideMs} ms${window.zeroPad ? ', zero-padded' : ''}`,
    ...design.features.blocks.map(
      (b) => `features   ${b.block} ${JSON.stringify(b.params)} → [${featureShapeOf(design).join(', ')}]`,
    ),
    ...(design.pretrained
      ? [`pretrained ${design.pretrained.model} (frozen backbone; the model is the head)`]
      : []),
    `model      ${design.preset || 'edited by hand'}${design.preset ? ` ×${design.presetWidth}` : ''}: ${design.model.layers.length} layers, ${report.params} parameters, ${report.macs} MACs`,
    `labels     ${design.labels.join(', ')}`,
    `training   ${design.training.epochs} epochs, learning rate ${design.training.learningRate}, seed ${design.training.seed}`,
    `augment    ${aug.copies === 0 ? 'off' : `${aug.copies} copies per window per epoch: ${augmentation.join(', ')}`}`,
    '',
    'Change it with `mote design set --project DIR path=value …` (e.g. training.epochs=60), or in the Design view.',
  ].join('\n')
}

function parsePreset(opts: DesignCliOptions): { preset?: PresetId; width?: number } {
  if (opts.preset !== undefined && !presetIds.includes(opts.preset as PresetId))
    throw new UsageError(`--preset must be one of ${presetIds.join(', ')}, not "${opts.preset}".`)
  const width = opts.width === undefined ? undefined : Number(opts.width)
  if (width !== undefined && !(width > 0 && width <= 4))
    throw new UsageError(`--width must be a number above 0 and at most 4, not "${opts.width}".`)
  return {
    ...(opts.preset === undefined ? {} : { preset: opts.preset as PresetId }),
    ...(width === undefined ? {} : { width }),
  }
}

async function withProject(
  opts: DesignCliOptions,
  out: Output,
  body: (services: AppServices) => Promise<void>,
): Promise<void> {
  const services = createCliServices()
  try {
    await services.project.open(opts.project)
    await body(services)
  } finally {
    await services.dispose()
  }
}

async function currentDesign(services: AppServices): Promise<{ design: ProjectDesign; saved: boolean }> {
  const state = await services.design.get()
  if (state.design !== null) return { design: state.design as ProjectDesign, saved: true }
  if (state.suggested === null)
    throw new UsageError(state.suggestionProblem ?? 'The project has no samples to design a model for.')
  return { design: parseProjectDesign(state.suggested), saved: false }
}

export const showDesign = (opts: DesignCliOptions, out: Output) =>
  withProject(opts, out, async (services) => {
    const { design: d, saved } = await currentDesign(services)
    const origin = saved
      ? 'design.json'
      : 'No design yet; the suggestion (save it with `mote design suggest --save`):'
    out.data(d, () => describeDesign(d, origin))
  })

export const suggestAndShow = (opts: DesignCliOptions, out: Output) =>
  withProject(opts, out, async (services) => {
    const choice = parsePreset(opts)
    const metas = await services.dataset.list()
    const suggested = editDesign(suggestDesign(metas, choice.preset), [], choice)
    if (opts.save) await services.design.save(suggested)
    out.data(suggested, () =>
      describeDesign(
        suggested,
        opts.save ? 'Saved the suggestion to design.json:' : 'Suggested design (not saved; add --save):',
      ),
    )
  })

export const setDesign = (edits: string[], opts: DesignCliOptions, out: Output) =>
  withProject(opts, out, async (services) => {
    const choice = parsePreset(opts)
    if (edits.length === 0 && choice.preset === undefined && choice.width === undefined)
      throw new UsageError('Nothing to set: give path=value pairs (e.g. training.epochs=60) or --preset.')
    const { design: before } = await currentDesign(services)
    const after = editDesign(before, edits.map(parseDesignEdit), choice)
    await services.design.save(after)
    out.data(after, () => describeDesign(after, 'Saved design.json:'))
  })
