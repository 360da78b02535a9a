import type { Command } from 'commander'
import { runCommand } from '../output'
import { describeModel } from './train'

export function registerEvalCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('eval')
    .description("test the project's current model on the test split again (after the data changed)")
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print the metrics as JSON')
    .action(async (opts: { project: string; json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const { createCliServices } = await import('../cli-services')
          const { followJob } = await import('../follow-job')
          const services = createCliServices()
          try {
            await services.project.open(opts.project)
            await followJob(services, await services.train.evaluate(), out)
            const model = (await services.train.status()).model!
            out.data(
              { model: { id: model.id, path: model.path, stale: model.stale }, metrics: model.metrics },
              () => describeModel(model),
            )
          } finally {
            await services.dispose()
          }
        }),
      )
    })
}
