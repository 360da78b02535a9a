import type { Command } from 'commander'
import type { AppServices } from '../../main/app-services'
import { analyzeModel, presetIds, type PresetId } from '../../core/model'
import { editDesign, parseDesignEdit } from '../../core/train/design-edit'
import { featureShapeOf, parseProjectDesign, type ProjectDesign } from '../../core/train/design'
import { suggestDesign } from '../../core/train/suggest'
import { createCliServices } from '../cli-context'
import { runCommand, UsageError } from '../output'

interface DesignCliOptions {
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
  setExit: (code: number) => void,
  body: (services: AppServices, out: Parameters<Parameters<typeof runCommand>[1]>[0]) => Promise<void>,
): Promise<void> {
  setExit(
    await runCommand(Boolean(opts.json), async (out) => {
      const services = createCliServices()
      try {
        await services.project.open(opts.project)
        await body(services, out)
      } finally {
        await services.dispose()
      }
    }),
  )
}

async function currentDesign(services: AppServices): Promise<{ design: ProjectDesign; saved: boolean }> {
  const state = await services.design.get()
  if (state.design !== null) return { design: state.design as ProjectDesign, saved: true }
  if (state.suggested === null)
    throw new UsageError(state.suggestionProblem ?? 'The project has no samples to design a model for.')
  return { design: parseProjectDesign(state.suggested), saved: false }
}

/** `mote design show|set|suggest --project DIR` (issue 14): the Design step from the command line. */
export function registerDesignCommand(program: Command, setExit: (code: number) => void): void {
  const design = program.command('design').description("show, edit or suggest the project's design")
  design
    .command('show')
    .description('print the design (or the suggestion when there is none yet)')
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print the design as JSON')
    .action((opts: DesignCliOptions) =>
      withProject(opts, setExit, async (services, out) => {
        const { design: d, saved } = await currentDesign(services)
        const origin = saved
          ? 'design.json'
          : 'No design yet; the suggestion (save it with `mote design suggest --save`):'
        out.data(d, () => describeDesign(d, origin))
      }),
    )
  design
    .command('suggest')
    .description("print the design the studio suggests for the project's samples")
    .requiredOption('--project <dir>', 'project folder')
    .option('--preset <id>', `model preset (${presetIds.join(', ')})`)
    .option('--save', 'store it as the design (replaces design.json)')
    .option('--json', 'print the design as JSON')
    .action((opts: DesignCliOptions) =>
      withProject(opts, setExit, async (services, out) => {
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
      }),
    )
  design
    .command('set')
    .description('edit the design: path=value pairs (JSON values), and/or a model preset')
    .requiredOption('--project <dir>', 'project folder')
    .argument(
      '[edits...]',
      'e.g. training.epochs=60 features.window.strideMs=250 training.augmentation.copies=2',
    )
    .option('--preset <id>', `rebuild the model from a preset (${presetIds.join(', ')})`)
    .option('--width <n>', "the preset's width multiplier")
    .option('--json', 'print the new design as JSON')
    .action((edits: string[], opts: DesignCliOptions) =>
      withProject(opts, setExit, async (services, out) => {
        const choice = parsePreset(opts)
        if (edits.length === 0 && choice.preset === undefined && choice.width === undefined)
          throw new UsageError('Nothing to set: give path=value pairs (e.g. training.epochs=60) or --preset.')
        const { design: before } = await currentDesign(services)
        const after = editDesign(before, edits.map(parseDesignEdit), choice)
        await services.design.save(after)
        out.data(after, () => describeDesign(after, 'Saved design.json:'))
      }),
    )
}
