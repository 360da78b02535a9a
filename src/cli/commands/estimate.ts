import type { Command } from 'commander'
import { runCommand } from '../output'
import type { EstimateCliOptions } from './estimate-run'

export function registerEstimateCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('estimate')
    .description('estimate flash, RAM, latency, energy and battery life of the project on every board')
    .requiredOption('--project <dir>', 'project folder')
    .option('--board <id>', 'only this board (ids: `mote boards`)')
    .option('--variant <id>', 'a compression variant (default: the chosen one, else the design as int8)')
    .option(
      '--rate <n>',
      'inferences per second for energy and battery life (default: one per window stride)',
    )
    .option('--json', 'print the estimates as JSON')
    .action(async (opts: EstimateCliOptions) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const { runEstimate } = await import('./estimate-run')
          await runEstimate(opts, out)
        }),
      )
    })
}
