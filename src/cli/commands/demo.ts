import type { Command } from 'commander'
import type { AppServices } from '../../main/app-services'
import type { DemoService } from '../../main/services/demo/demo-service'
import { appVersion } from '../cli-context'
import { runCommand, UsageError } from '../output'

const KINDS = ['gestures', 'keywords', 'vibration', 'digits'] as const

/** The demo service on the CLI's services, loaded only when a demo command runs. */
async function demoService(
  services: AppServices,
  onProgress?: (phrase: string) => void,
): Promise<DemoService> {
  const { DemoService } = await import('../../main/services/demo/demo-service')
  const { nodeFileSystem } = await import('../../main/services/system/file-system')
  const { nodeProcessRunner } = await import('../../main/services/system/process-runner')
  return new DemoService({
    project: services.project,
    fs: nodeFileSystem,
    runner: nodeProcessRunner,
    appVersion: appVersion(),
    ...(onProgress ? { onProgress } : {}),
  })
}

export function registerDemoCommands(program: Command, setExit: (code: number) => void): void {
  const demo = program.command('demo').description('ready-made demo projects to try the studio with')
  demo
    .command('create')
    .description(
      'create a demo project: gestures (synthetic accelerometer), keywords (espeak-ng speech) vibration (motor faults, anomaly detection) or digits (a table of 8×8 digit images, one row per sample)',
    )
    .argument('<kind>', 'gestures, keywords, vibration or digits')
    .argument('<dir>', 'folder for the project (absent or empty)')
    .option('--json', 'print the project as JSON')
    .action(async (kind: string, dir: string, opts: { json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          if (!KINDS.includes(kind as (typeof KINDS)[number]))
            throw new UsageError(
              `The demo is "gestures", "keywords", "vibration" or "digits", not "${kind}".`,
            )
          const { createCliServices } = await import('../cli-services')
          const services = createCliServices()
          try {
            const demo = await demoService(services, (phrase) => out.info(phrase))
            const started = Date.now()
            const summary = await demo.create(kind as (typeof KINDS)[number], dir)
            const seconds = (Date.now() - started) / 1000
            out.data(
              summary,
              () =>
                `Created the ${kind} demo in ${summary.dir} (${seconds.toFixed(1)} s).\nTrain it: mote ${kind === 'vibration' ? 'anomaly train' : 'train'} --project ${summary.dir}`,
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
          const { createCliServices } = await import('../cli-services')
          const services = createCliServices()
          const list = await (await demoService(services)).list().finally(() => services.dispose())
          out.data(list, () =>
            list
              .map((d) => `${d.available ? '✓' : '✗'} ${d.kind}${d.missing ? ` — ${d.missing}` : ''}`)
              .join('\n'),
          )
        }),
      )
    })
}
