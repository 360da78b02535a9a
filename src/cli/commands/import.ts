import type { Command } from 'commander'
import type { ImportOptions, ImportReport } from '../../shared/api/dataset'
import { UsageError, runCommand } from '../output'

interface ImportCliOptions {
  project: string
  label?: string
  labelFrom?: string
  rate?: string
  category: string
  skipBroken?: boolean
  strict?: boolean
  labelColumn?: string
  json?: boolean
}

function describe(report: ImportReport): string {
  const lines = [`Imported ${report.added.length} samples from ${report.files.length} files.`]
  for (const f of report.failed) lines.push(`skipped (broken) ${f.message}`)
  for (const f of report.skipped) lines.push(`skipped ${f.message}`)
  return lines.join('\n')
}

/** The command line as import options, checked against the contract's schema (the limits of a sample). */
async function importOptions(opts: ImportCliOptions): Promise<ImportOptions> {
  if (opts.labelFrom !== undefined && !['name', 'folder'].includes(opts.labelFrom))
    throw new UsageError('--label-from must be name or folder')
  if (!['training', 'testing', 'auto'].includes(opts.category))
    throw new UsageError('--category must be training, testing or auto')
  const rateHz = opts.rate === undefined ? undefined : Number(opts.rate)
  if (rateHz !== undefined && !(rateHz > 0))
    throw new UsageError(`--rate must be a positive number, not "${opts.rate}"`)
  const options: ImportOptions = {
    category: opts.category as ImportOptions['category'] & string,
    ...(opts.labelFrom ? { labelFrom: opts.labelFrom as 'name' | 'folder' } : {}),
    ...(opts.label !== undefined ? { label: opts.label } : {}),
    ...(rateHz ? { rateHz } : {}),
    ...(opts.skipBroken ? { skipBroken: true } : {}),
    ...(opts.strict ? { strict: true } : {}),
    ...(opts.labelColumn !== undefined ? { labelColumn: opts.labelColumn } : {}),
  }
  // Loaded here, not at the top: `mote --help` and the other commands need none of the dataset code.
  const { checkImportOptions } = await import('../../core/dataset/sample-limits')
  try {
    return checkImportOptions(options)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

export function registerImportCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('import')
    .description('import CSV, WAV, PNG/JPEG and Edge Impulse JSON files (or folders of them) into a project')
    .argument('<files...>', 'files or folders (folders are read recursively)')
    .requiredOption('--project <dir>', 'project folder')
    .option('--label <label>', 'one label for every sample (default: from the file name, idle.01.csv → idle)')
    .option(
      '--label-from <what>',
      'name (idle.01.csv → idle, the default) or folder (idle/01.csv → idle); numbered files in label folders ask for one of them',
    )
    .option('--rate <hz>', 'resample WAV audio to this rate; the rate of CSV files without timestamps')
    .option('--category <c>', 'training, testing, or auto (a training/testing folder, else 80/20)', 'auto')
    .option(
      '--skip-broken',
      'import the files that parse and list the others (default: a broken file stops the import)',
    )
    .option(
      '--strict',
      'stop on a file that is not sample data, such as a README.csv (default: skip it and list it)',
    )
    .option(
      '--label-column <name|index>',
      'read CSV files as tables, one sample per row: this column (a header name, or a position from 1) is the label, the others are features',
    )
    .option('--json', 'print the report as JSON')
    .action(async (files: string[], opts: ImportCliOptions) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const options = await importOptions(opts)
          const { openDataset } = await import('../open-dataset')
          const { project, dataset } = await openDataset(opts.project)
          try {
            const report = await dataset.importPaths(files, options)
            out.data(report, () => describe(report))
          } finally {
            await project.close()
          }
        }),
      )
    })
}
