import { Command, CommanderError } from 'commander'
import { registerCaptureCommand } from './commands/capture'
import { registerDatasetCommand } from './commands/dataset'
import { registerDemoCommands } from './commands/demo'
import { registerBoardsCommand } from './commands/boards'
import { registerDoctorCommand } from './commands/doctor'
import { registerFlashCommand } from './commands/flash'
import { registerVirtualCommand } from './commands/virtual'
import { registerEvalCommand } from './commands/eval'
import { registerImportCommand } from './commands/import'
import { registerProjectCommands } from './commands/project'
import { registerServeCommand } from './commands/serve'
import { registerTrainCommand } from './commands/train'
import { registerCompressCommand } from './commands/compress'
import { registerEstimateCommand } from './commands/estimate'
import { registerDeployCommand } from './commands/deploy'
import { registerExportCommand } from './commands/export'
import { registerDesignCommand } from './commands/design'
import { registerTuneCommand } from './commands/tune'
import { registerAnomalyCommands } from './commands/anomaly'
import { appVersion } from './cli-context'
import { EXIT } from './output'

/** Builds the `mote` program; each command reports its exit code through `setExit`. */
export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('mote')
    .description('Mote Studio on the command line: the same services as the app, headless')
    .version(appVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  registerProjectCommands(program, setExit)
  registerServeCommand(program, setExit)
  registerDoctorCommand(program, setExit)
  registerBoardsCommand(program, setExit)
  registerFlashCommand(program, setExit)
  registerVirtualCommand(program, setExit)
  registerCaptureCommand(program, setExit)
  registerImportCommand(program, setExit)
  registerDatasetCommand(program, setExit)
  registerDemoCommands(program, setExit)
  registerDesignCommand(program, setExit)
  registerTrainCommand(program, setExit)
  registerAnomalyCommands(program, setExit)
  registerEvalCommand(program, setExit)
  registerTuneCommand(program, setExit)
  registerCompressCommand(program, setExit)
  registerEstimateCommand(program, setExit)
  registerDeployCommand(program, setExit)
  registerExportCommand(program, setExit)
  // Every subcommand throws instead of exiting, so main() owns the exit code.
  for (const command of program.commands) {
    command.exitOverride()
    for (const sub of command.commands) sub.exitOverride()
  }
  return program
}

/** Runs the CLI and returns the exit code: 0 ok, 1 failure, 2 usage. */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok
  const program = buildProgram((c) => (code = c))
  if (argv.length <= 2) {
    program.outputHelp({ error: true })
    return EXIT.usage
  }
  try {
    await program.parseAsync([...argv])
  } catch (error) {
    if (error instanceof CommanderError) {
      const clean = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)
      return clean ? EXIT.ok : EXIT.usage
    }
    throw error
  }
  return code
}
