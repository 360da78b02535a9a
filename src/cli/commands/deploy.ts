import type { Command } from 'commander'
import { runCommand } from '../output'
import type { DeployOptions } from './deploy-run'

export function registerDeployCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('deploy')
    .description('build the inference firmware for a variant, flash it and test it on the board')
    .requiredOption('--project <dir>', 'project folder')
    .requiredOption('--board <id>', 'board id from the catalog, e.g. uno, virtual-uno, virtual-m4')
    .option('--port <port>', 'serial port (optional for virtual boards: one is started)')
    .option('--variant <id>', 'variant id (default: the chosen variant, else the newest int8 one)')
    .option('--windows <n>', 'test windows from the test split', '100')
    .option('--json', 'print the report as JSON')
    .action(async (opts: DeployOptions) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const { runDeploy, describe } = await import('./deploy-run')
          const report = await runDeploy(opts, (l) => out.info(l))
          out.data(report, () => describe(report))
        }),
      )
    })
}
