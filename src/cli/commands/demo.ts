import type { Command } from 'commander'
import { DemoService } from '../../main/services/demo/demo-service'
import { nodeFileSystem } from '../../main/services/system/file-system'
import { nodeProcessRunner } from '../../main/services/system/process-runner'
import { appVersion, createCliServices } from '../cli-context'
import { runCommand, UsageError } from '../output'

const KINDS = ['gestures', 'keywords'] as const

export function registerDemoCommands(program: Command, setExit: (code: number) => void): void {
  const demo = program.command('demo').description('ready-made demo projects to try the studio with')
  demo
    .command('create')
    .description('create a demo project: gestures (synthetic accelerometer) or keywords (espeak-ng speech)')
    .argument('<kind>', 'gestures or keywords')
    .argument('<dir>', 'folder for the project (absent or empty)')
    .option('--json', 'print the project as JSON')
    .action(async (kind: string, dir: string, opts: { json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          if (!KINDS.includes(kind as (typeof KINDS)[number]))
            throw new UsageError(`The demo is "gestures" or "keywords", not "${kind}".`)
          const services = createCliServices()
          try {
            const demoService = new DemoService({
              project: services.project,
              fs: nodeFileSystem,
              runner: nodeProcessRunner,
              appVersion: appVersion(),
              onProgress: (phrase) => out.info(phrase),
            })
            const started = Date.now()
            const summary = await demoService.create(kind as (typeof KINDS)[number], dir)
            const seconds = (Date.now() - started) / 1000
            out.data(
              summary,
              () =>
                `Created the ${kind} demo in ${summary.dir} (${seconds.toFixed(1)} s).\nTrain it: mote train --project ${summary.dir}`,
            )
          } finally {
            await services.dispose()
          }
        }),
      )
    })
  demo
    .command('list')
    .description('the demos, and whether the tools they need are installed')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const list = await new DemoService({
            project: createCliServices().project,
            fs: nodeFileSystem,
            runner: nodeProcessRunner,
            appVersion: appVersion(),
          }).list()
          out.data(list, () =>
            list
              .map((d) => `${d.available ? '✓' : '✗'} ${d.kind}${d.missing ? ` — ${d.missing}` : ''}`)
              .join('\n'),
          )
        }),
      )
    })
}
