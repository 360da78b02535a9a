import type { Command } from 'commander'
import { STUDENT_PRESETS } from '../../shared/api/compress-defaults'
import { runCommand, type Output } from '../output'
import type { DesignCliOptions } from './design-run'

const run = async (
  setExit: (code: number) => void,
  opts: DesignCliOptions,
  body: (out: Output) => Promise<void>,
) => setExit(await runCommand(Boolean(opts.json), body))

/** `mote design show|set|suggest --project DIR` (issue 14): the Design step from the command line. */
export function registerDesignCommand(program: Command, setExit: (code: number) => void): void {
  const design = program.command('design').description("show, edit or suggest the project's design")
  design
    .command('show')
    .description('print the design (or the suggestion when there is none yet)')
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print the design as JSON')
    .action((opts: DesignCliOptions) =>
      run(setExit, opts, async (out) => (await import('./design-run')).showDesign(opts, out)),
    )
  design
    .command('suggest')
    .description("print the design the studio suggests for the project's samples")
    .requiredOption('--project <dir>', 'project folder')
    .option('--preset <id>', `model preset (${STUDENT_PRESETS.join(', ')})`)
    .option('--save', 'store it as the design (replaces design.json)')
    .option('--json', 'print the design as JSON')
    .action((opts: DesignCliOptions) =>
      run(setExit, opts, async (out) => (await import('./design-run')).suggestAndShow(opts, out)),
    )
  design
    .command('set')
    .description('edit the design: path=value pairs (JSON values), and/or a model preset')
    .requiredOption('--project <dir>', 'project folder')
    .argument(
      '[edits...]',
      'e.g. training.epochs=60 features.window.strideMs=250 training.augmentation.copies=2',
    )
    .option('--preset <id>', `rebuild the model from a preset (${STUDENT_PRESETS.join(', ')})`)
    .option('--width <n>', "the preset's width multiplier")
    .option('--json', 'print the new design as JSON')
    .action((edits: string[], opts: DesignCliOptions) =>
      run(setExit, opts, async (out) => (await import('./design-run')).setDesign(edits, opts, out)),
    )
}
