import type { Command } from 'commander'
import type { DatasetCounts } from '../../shared/api/dataset'
import { UsageError, runCommand } from '../output'

function table(counts: DatasetCounts): string {
  if (counts.total === 0)
    return 'No samples yet. Record some with `mote capture` or bring files in with `mote import`.'
  const width = Math.max(5, ...counts.labels.map((l) => l.label.length))
  const row = (
    label: string,
    training: number | string,
    testing: number | string,
    total: number | string,
    duration: string,
  ) =>
    `${label.padEnd(width)}  ${String(training).padStart(8)}  ${String(testing).padStart(7)}  ${String(total).padStart(5)}  ${duration.padStart(9)}`
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  return [
    row('label', 'training', 'testing', 'total', 'duration'),
    ...counts.labels.map((l) =>
      row(l.label, l.training, l.testing, l.training + l.testing, seconds(l.durationMs)),
    ),
    row(
      'all',
      counts.training,
      counts.testing,
      counts.total,
      seconds(counts.labels.reduce((n, l) => n + l.durationMs, 0)),
    ),
  ].join('\n')
}

export function registerDatasetCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('dataset')
    .description('show the samples of a project per label and category; optionally export them')
    .requiredOption('--project <dir>', 'project folder')
    .option('--export <dir>', 'write every sample to this folder (<category>/<label>.<id>.<ext>)')
    .option('--format <f>', 'export format: csv (audio as WAV, images as PNG) or ei-json', 'csv')
    .option('--json', 'print the counts (and the export report) as JSON')
    .action(async (opts: { project: string; export?: string; format: string; json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          if (!['csv', 'ei-json'].includes(opts.format))
            throw new UsageError('--format must be csv or ei-json')
          const { openDataset } = await import('../open-dataset')
          const { project, dataset } = await openDataset(opts.project)
          try {
            const counts = await dataset.counts()
            const exported = opts.export
              ? await dataset.exportTo(opts.export, opts.format as 'csv' | 'ei-json')
              : undefined
            out.data(exported ? { ...counts, exported } : counts, () =>
              exported
                ? `${table(counts)}\nExported ${exported.samples} samples to ${exported.dir}`
                : table(counts),
            )
          } finally {
            await project.close()
          }
        }),
      )
    })
}
