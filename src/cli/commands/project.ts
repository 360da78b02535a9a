import { basename, resolve } from 'node:path'
import type { Command } from 'commander'
import type { ProjectSummary } from '../../shared/api/project'
import { UsageError, runCommand } from '../output'

function describe(p: ProjectSummary): string {
  return [
    `name     ${p.name}`,
    `folder   ${p.dir}`,
    `id       ${p.id}`,
    `format   ${p.schemaVersion}${p.migratedFrom ? ` (migrated from ${p.migratedFrom})` : ''}`,
    `created  ${p.createdAt}`,
    `updated  ${p.updatedAt}`,
  ].join('\n')
}

/** The project name: --name, else the folder's name; checked here because the CLI calls the service directly. */
async function projectName(dir: string, name: string | undefined): Promise<string> {
  const { projectNameSchema } = await import('../../shared/api/project')
  const checked = projectNameSchema.safeParse(name ?? basename(dir))
  if (checked.success) return checked.data
  const why = checked.error.issues[0]?.message ?? 'not a usable name'
  throw new UsageError(
    name === undefined
      ? `the folder name cannot be the project name (${why}); give one with --name`
      : `--name: ${why}`,
  )
}

export function registerProjectCommands(program: Command, setExit: (code: number) => void): void {
  const project = program.command('project').description('create and inspect project folders')
  project
    .command('new')
    .description('create a project in a new or empty folder')
    .argument('<dir>', 'folder for the project (created if absent; relative to the current folder)')
    .option('--name <name>', 'project name (default: the folder name)')
    .option('--json', 'print the project as JSON')
    .action(async (dirArg: string, opts: { name?: string; json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          // Relative to where the user typed it; the service itself takes whole paths.
          const dir = resolve(dirArg)
          const name = await projectName(dir, opts.name)
          const { createCliServices } = await import('../cli-services')
          const services = createCliServices()
          try {
            const summary = await services.project.create({ dir, name })
            out.data(summary, () => `Created project\n${describe(summary)}`)
          } finally {
            await services.dispose()
          }
        }),
      )
    })
  project
    .command('info')
    .description('show a project (migrating an older format, never touching a damaged or newer one)')
    .argument('<dir>', 'project folder')
    .option('--json', 'print the project as JSON')
    .action(async (dir: string, opts: { json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const { createCliServices } = await import('../cli-services')
          const services = createCliServices()
          try {
            const summary = await services.project.open(resolve(dir))
            out.data(summary, () => describe(summary))
          } finally {
            await services.dispose()
          }
        }),
      )
    })
}
