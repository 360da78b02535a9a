import type { Command } from 'commander'
import type { TrainBackendChoice, TrainedModel } from '../../shared/api/train'
import { runCommand, UsageError } from '../output'
import { classicalResultOf, describeClassical } from './train-classical'

const pct = (x: number) => `${(x * 100).toFixed(2)}%`

/** The human report of a trained model: accuracy, per-class table, confusion matrix. */
export function describeModel(model: TrainedModel): string {
  const m = model.metrics
  const width = Math.max(8, ...m.labels.map((l) => l.length))
  const lines = [
    `model      ${model.path}${model.stale ? '  (stale: the design changed after training)' : ''}`,
    `test       accuracy ${pct(m.test.accuracy)}, loss ${m.test.loss.toFixed(4)}, ${m.test.count} windows`,
    ...(m.validation
      ? [`validation accuracy ${pct(m.validation.accuracy)}, loss ${m.validation.loss.toFixed(4)}`]
      : []),
    `training   ${m.history.length} epochs (best ${m.bestEpoch}${m.stoppedEarly ? ', stopped early' : ''}), ${m.fitSeconds.toFixed(1)} s on ${m.backend}, ${m.seconds.toFixed(1)} s in all`,
    '',
    `${'class'.padEnd(width)}  precision  recall     f1  windows`,
    ...m.test.perClass.map(
      (c) =>
        `${c.label.padEnd(width)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall).padStart(7)}  ${c.f1.toFixed(3).padStart(5)}  ${String(c.support).padStart(7)}`,
    ),
    '',
    `confusion (rows: true, columns: predicted)`,
    `${''.padEnd(width)}  ${m.labels.map((l) => l.slice(0, 7).padStart(7)).join(' ')}`,
    ...m.test.confusion.map(
      (row, i) => `${m.labels[i]!.padEnd(width)}  ${row.map((n) => String(n).padStart(7)).join(' ')}`,
    ),
  ]
  return lines.join('\n')
}

function parseEpochs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 2000)
    throw new UsageError(`--epochs must be a whole number from 1 to 2000, not "${value}".`)
  return n
}

export function registerTrainCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('train')
    .description("train the project's design on its data and test it on the test split")
    .requiredOption('--project <dir>', 'project folder')
    .option('--epochs <n>', 'epochs (default: the design’s setting)')
    .option('--backend <name>', 'auto (default), fast (our kernels) or cpu (stock tfjs-cpu)', 'auto')
    .option('--json', 'print the final metrics as JSON (progress is not printed)')
    .action(async (opts: { project: string; epochs?: string; backend: string; json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const epochs = parseEpochs(opts.epochs)
          if (!['auto', 'fast', 'cpu'].includes(opts.backend))
            throw new UsageError(`--backend must be auto, fast or cpu, not "${opts.backend}".`)
          const { createCliServices } = await import('../cli-services')
          const { followJob, openForTraining } = await import('../follow-job')
          const services = createCliServices()
          try {
            await openForTraining(services, opts.project, out)
            const job = await services.train.start({
              backend: opts.backend as TrainBackendChoice,
              ...(epochs === undefined ? {} : { epochs }),
            })
            const done = await followJob(services, job, out)
            const classical = classicalResultOf(done.result)
            if (classical) {
              out.data({ classical }, () => describeClassical(classical))
              return
            }
            const model = (await services.train.status()).model!
            out.data(
              { model: { id: model.id, path: model.path, stale: model.stale }, metrics: model.metrics },
              () => describeModel(model),
            )
          } finally {
            await services.dispose()
          }
        }),
      )
    })
}
