import type { Command } from 'commander'
import { runCommand } from '../output'

/** The options of `mote anomaly train`, as commander hands them over (strings, checked in anomaly-run.ts). */
export interface AnomalyTrainOptions {
  readonly project: string
  readonly learner?: string
  readonly falseAlarmRate?: string
  readonly clusters?: string
  readonly shrinkage?: string
  readonly epochs?: string
  readonly seed?: string
  readonly normalLabel?: string
  readonly json?: boolean
}

export function registerAnomalyCommands(program: Command, setExit: (code: number) => void): void {
  const anomaly = program
    .command('anomaly')
    .description('anomaly detection: learn "normal" from the normal samples, score the test split')
  anomaly
    .command('train')
    .description('fit a detector on the training samples labelled normal, set its threshold, test it')
    .requiredOption('--project <dir>', 'project folder')
    .option('--learner <kind>', 'kmeans, gaussian or autoencoder (default gaussian)')
    .option('--false-alarm-rate <rate>', 'target false alarms on held-out normal windows (default 0.01)')
    .option('--clusters <k>', 'K-means clusters (default 8)')
    .option('--shrinkage <lambda>', 'Gaussian covariance shrinkage 0…1 (default 0.1)')
    .option('--epochs <n>', 'autoencoder epochs (default 80)')
    .option('--seed <n>', 'seed of the split and the learner (default 1)')
    .option('--normal-label <label>', 'the label of normal samples (default normal)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: AnomalyTrainOptions) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const { anomalyTrain } = await import('./anomaly-run')
          await anomalyTrain(opts, out)
        }),
      )
    })
  anomaly
    .command('learn-on-board')
    .description(
      'a board running the learning firmware learns the normal windows, then its test scores are checked',
    )
    .requiredOption('--project <dir>', 'project folder')
    .requiredOption('--port <path>', 'serial port of the board (resets it on open)')
    .option('--windows <n>', 'normal windows to learn (default all, at most 4096)')
    .option('--test-windows <n>', 'test windows to score (default all)')
    .option('--json', 'print the report as JSON')
    .action(
      async (opts: {
        project: string
        port: string
        windows?: string
        testWindows?: string
        json?: boolean
      }) => {
        setExit(
          await runCommand(Boolean(opts.json), async (out) => {
            const { anomalyLearnOnBoard } = await import('./anomaly-run')
            await anomalyLearnOnBoard(opts, out)
          }),
        )
      },
    )
  anomaly
    .command('evaluate')
    .description("test the project's anomaly detector on the test split again")
    .requiredOption('--project <dir>', 'project folder')
    .option('--normal-label <label>', 'the label of normal samples (default normal)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { project: string; normalLabel?: string; json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const { anomalyEvaluate } = await import('./anomaly-run')
          await anomalyEvaluate(opts, out)
        }),
      )
    })
}
