import type { Command } from 'commander'
import { DoctorService } from '../../main/services/doctor/doctor-service'
import { nodeFileSystem } from '../../main/services/system/file-system'
import { nodeProcessRunner } from '../../main/services/system/process-runner'
import { runCommand } from '../output'

export function registerDoctorCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('doctor')
    .description('check every external tool Mote uses: found or missing, version, how to install')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const report = await new DoctorService({ fs: nodeFileSystem, runner: nodeProcessRunner }).check()
          out.data(report, () =>
            report.tools
              .map((tool) =>
                tool.found
                  ? `✓ ${tool.name.padEnd(44)} ${tool.version ?? tool.path ?? ''}`
                  : `✗ ${tool.name.padEnd(44)} missing — needed for ${tool.neededFor}\n    install: ${tool.installHint}`,
              )
              .join('\n'),
          )
        }),
      )
    })
}
