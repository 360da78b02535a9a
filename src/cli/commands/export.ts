import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { AppServices } from '../../main/app-services'
import { DEFAULT_ARDUINO_BOARD } from '../../main/services/export/export-target'
import {
  EXPORT_FORMATS,
  type ExampleBuildResult,
  type ExportFormat,
  type ExportResult,
} from '../../shared/api/export'
import { createCliServices } from '../cli-context'
import { runCommand, UsageError, type Output } from '../output'
import { followJob } from './train'

interface ExportCliOptions {
  project: string
  format: string
  out: string
  variant?: string
  board?: string
  buildExample?: boolean
  port?: string
  json?: boolean
}

const FORMATS: readonly string[] = EXPORT_FORMATS

/** What an export wrote, for a person. */
export function describeExport(result: ExportResult): string {
  const lines = [
    `Wrote ${result.path} (${result.bytes} B, variant ${result.variantId}${result.boardId ? `, board ${result.boardId}` : ''}).`,
  ]
  if (result.model)
    lines.push(
      `Model: arena ${result.model.arenaBytes} B of RAM, constants ${result.model.constantBytes} B of flash.`,
    )
  if (result.dsp)
    lines.push(
      `Features: ${result.dsp.numeric} build, work buffer ${result.dsp.workBytes} B of RAM, tables ${result.dsp.tableBytes} B of flash.`,
    )
  if (result.firmware) {
    const f = result.firmware
    const left = (free: number | undefined) => (free === undefined ? '' : ` (${free} B left)`)
    lines.push(
      `Firmware: ${f.flashBytes} B of flash${left(f.flashFreeBytes)}, ${f.ramBytes} B of static RAM${left(f.ramFreeBytes)}.`,
    )
  }
  if (result.files.length) lines.push(`${result.files.length} files; see README.md inside.`)
  return lines.join('\n')
}

function checkUsage(opts: ExportCliOptions): void {
  if (!FORMATS.includes(opts.format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${opts.format}".`)
  if (opts.buildExample && opts.format !== 'arduino')
    throw new UsageError(
      '--build-example builds the Arduino library’s example: use it with --format arduino.',
    )
  if (opts.port !== undefined && !opts.buildExample)
    throw new UsageError('--port flashes the example build: use it with --build-example.')
}

export function describeExample(example: ExampleBuildResult): string {
  const flashed = example.flashJob ? ` and flashed it to the ${example.boardId}` : ''
  return `Built the example for ${example.fqbn} (${example.command.join(' ')})${flashed}: ${example.flashFile}`
}

/** arduino-cli builds the example; with --port, Mote's flasher writes it and the CLI follows the job. */
async function buildExample(
  services: AppServices,
  opts: ExportCliOptions,
  out: Output,
): Promise<ExampleBuildResult> {
  const example = await services.export.buildExample({
    boardId: opts.board ?? DEFAULT_ARDUINO_BOARD,
    ...(opts.variant === undefined ? {} : { variantId: opts.variant }),
    ...(opts.port === undefined ? {} : { port: opts.port }),
  })
  if (example.flashJob) await followJob(services, example.flashJob, out)
  return example
}

export function registerExportCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('export')
    .description(
      "export the project's chosen variant as a C library, an Arduino library, a .tflite or a board's firmware",
    )
    .requiredOption('--project <dir>', 'project folder')
    .requiredOption('--format <format>', FORMATS.join(', '))
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
          checkUsage(opts)
          const services = createCliServices()
          try {
            await services.project.open(resolve(opts.project))
            const result = await services.export.export({
              format: opts.format as ExportFormat,
              outPath: resolve(opts.out),
              ...(opts.variant === undefined ? {} : { variantId: opts.variant }),
              ...(opts.board === undefined ? {} : { boardId: opts.board }),
            })
            const example = opts.buildExample ? await buildExample(services, opts, out) : undefined
            out.data(example ? { ...result, example } : result, () =>
              [describeExport(result), ...(example ? [describeExample(example)] : [])].join('\n'),
            )
          } finally {
            await services.dispose()
          }
        }),
      )
    })
}
