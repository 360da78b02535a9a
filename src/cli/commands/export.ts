import type { Command } from 'commander'
import { EXPORT_FORMATS } from '../../shared/api/export-formats'
import { runCommand } from '../output'
import type { ExportCliOptions } from './export-run'

export function registerExportCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('export')
    .description(
      "export the project's chosen variant as a C library, an Arduino library, a .tflite or a board's firmware",
    )
    .requiredOption('--project <dir>', 'project folder')
    .requiredOption('--format <format>', EXPORT_FORMATS.join(', '))
    .requiredOption(
      '--out <file>',
      'the file to write (.zip for libraries, .tflite, firmware .hex/.elf/.bin/.uf2); replaced if it exists',
    )
    .option('--variant <id>', 'a variant id (default: the one chosen for deployment)')
    .option('--board <id>', 'a catalog board (`mote boards`): fixed-point DSP without an FPU; arduino: uno')
    .option(
      '--build-example',
      'arduino: also build the example with arduino-cli for --board (unverified on hardware)',
    )
    .option('--port <port>', 'with --build-example: flash the build to the board on this port')
    .option('--json', 'print the result as JSON')
    .action(async (opts: ExportCliOptions) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const { runExport } = await import('./export-run')
          await runExport(opts, out)
        }),
      )
    })
}
