import { resolve } from 'node:path'
import type { Command } from 'commander'
import { EXPORT_FORMATS, type ExportFormat, type ExportResult } from '../../shared/api/export'
import { createCliServices } from '../cli-context'
import { runCommand, UsageError } from '../output'

interface ExportCliOptions {
  project: string
  format: string
  out: string
  variant?: string
  board?: string
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
  if (result.files.length) lines.push(`${result.files.length} files; see README.md inside.`)
  return lines.join('\n')
}

export function registerExportCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('export')
    .description("export the project's chosen variant as a C library, an Arduino library or a .tflite")
    .requiredOption('--project <dir>', 'project folder')
    .requiredOption('--format <format>', FORMATS.join(', '))
    .requiredOption('--out <file>', 'the file to write (.zip for libraries, .tflite); replaced if it exists')
    .option('--variant <id>', 'a variant id (default: the one chosen for deployment)')
    .option('--board <id>', 'a catalog board (`mote boards`): fixed-point DSP without an FPU; arduino: uno')
    .option('--json', 'print the result as JSON')
    .action(async (opts: ExportCliOptions) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          if (!FORMATS.includes(opts.format))
            throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${opts.format}".`)
          const services = createCliServices()
          try {
            await services.project.open(resolve(opts.project))
            const result = await services.export.export({
              format: opts.format as ExportFormat,
              outPath: resolve(opts.out),
              ...(opts.variant === undefined ? {} : { variantId: opts.variant }),
              ...(opts.board === undefined ? {} : { boardId: opts.board }),
            })
            out.data(result, () => describeExport(result))
          } finally {
            await services.dispose()
          }
        }),
      )
    })
}
