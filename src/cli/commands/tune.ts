import type { Command } from 'commander'
import { runCommand } from '../output'
import type { TuneCliOptions } from './tune-run'

export function registerTuneCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('tune')
    .description(
      'search windows, features, models and precision for the best design that fits a board (resumes a stopped search)',
    )
    .requiredOption('--project <dir>', 'project folder')
    .requiredOption('--board <id>', 'the board to fit (ids: `mote boards`)')
    .option('--ram <KB>', 'RAM budget in KB (default: the board’s)')
    .option('--flash <KB>', 'flash budget in KB (default: the board’s)')
    .option('--latency-ms <ms>', 'latency budget per inference')
    .option('--energy-uj <µJ>', 'energy budget per inference')
    .option(
      '--objective <cost>',
      'the cost weighed against accuracy: latency, energy, ram or flash',
      'latency',
    )
    .option('--minutes <m>', 'stop the search after this many minutes (the best so far stands)')
    .option('--candidates <n>', 'candidates in the first rung', '27')
    .option('--epochs <n>', 'epochs of the last rung (default: the design’s)')
    .option('--seed <n>', 'seed of the candidate draw', '1')
    .option('--float32', 'also try float32 deployments (int8 only by default)')
    .option('--fresh', 'start a new search even when a stopped one with the same settings is stored')
    .option('--json', 'print the results as JSON (progress is not printed)')
    .action(async (opts: TuneCliOptions) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const { runTune } = await import('./tune-run')
          await runTune(opts, out)
        }),
      )
    })
}
