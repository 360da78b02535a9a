import { basename, resolve } from 'node:path'
import type { Command } from 'commander'
import type { ProjectSummary } from '../../shared/api/project'
import { createCliServices } from '../cli-context'
import { runCommand } from '../output'

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

export function registerProjectCommands(program: Command, setExit: (code: number) => void): void {
  const project = program.command('project').description('create and inspect project folders')
  project
    .command('new')
    .description('create a project in a new or empty folder')
    .argument('<dir>', 'folder for the project (created if absent)')
    .option('--name <name>', 'project name (default: the folder name)')
    .option('--json', 'print the project as JSON')
    .action(async (dir: string, opts: { name?: string; json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const services = createCliServices()
          try {
            const summary = await services.project.create({ dir, name: opts.name ?? basename(resolve(dir)) })
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
          const services = createCliServices()
          try {
            const summary = await services.project.open(dir)
            out.data(summary, () => describe(summary))
          } finally {
            await services.dispose()
          }
        }),
      )
    })
}
