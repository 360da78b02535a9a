import type { Command } from 'commander'
import { runCommand } from '../output'

export function registerDoctorCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('doctor')
    .description('check every external tool Mote uses: found or missing, version, how to install')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const { createCliServices } = await import('../cli-services')
          const services = createCliServices()
          const report = await services.doctor.check()
          await services.dispose()
          out.data(report, () =>
            report.tools
              .map((tool) =>
                tool.found
                  ? `✓ ${tool.name.padEnd(56)} ${tool.version ?? tool.path ?? ''}${tool.source ? ` (${tool.source})` : ''}`
                  : `✗ ${tool.name.padEnd(56)} missing — needed for ${tool.neededFor}\n    install: ${tool.installHint}`,
              )
              .join('\n'),
          )
        }),
      )
    })
}
