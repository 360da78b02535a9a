/** `mote export`'s work, loaded by commands/export.ts only when the command runs (the CLI starts fast). */
import { resolve } from 'node:path'
import type { AppServices } from '../../main/app-services'
import { DEFAULT_ARDUINO_BOARD } from '../../main/services/export/export-target'
import { type ExampleBuildResult, type ExportFormat, type ExportResult } from '../../shared/api/export'
import { EXPORT_FORMATS } from '../../shared/api/export-formats'
import { createCliServices } from '../cli-services'
import { UsageError, type Output } from '../output'
import { followJob } from '../follow-job'

export interface ExportCliOptions {
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

export async function runExport(opts: ExportCliOptions, out: Output): Promise<void> {
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
}
