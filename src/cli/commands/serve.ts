import { DoctorErrorCode } from '../../shared/api/doctor'
import { join } from 'node:path'
import { access } from 'node:fs/promises'
import type { Command } from 'commander'
import { MoteFailure } from '../../shared/errors'
import { startServeServer } from '../../main/serve/serve-server'
import { PACKAGE_ROOT, createCliServices } from '../cli-context'
import { UsageError, runCommand } from '../output'

export const RENDERER_DIR = join(PACKAGE_ROOT, 'out/renderer')

export function registerServeCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('serve the studio to a browser on 127.0.0.1 (headless lab machines, end-to-end tests)')
    .option('--project <dir>', 'project folder to open')
    .option('--port <n>', 'port (default: a free one)', '0')
    .option('--json', 'print the URL as JSON')
    .action(async (opts: { project?: string; port: string; json?: boolean }) => {
      const code = await runCommand(Boolean(opts.json), async (out) => {
        const port = Number(opts.port)
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError(`--port ${opts.port} is not a port number`)
        try {
          await access(join(RENDERER_DIR, 'index.html'))
        } catch {
          throw new MoteFailure(
            DoctorErrorCode.ToolMissing,
            `The studio's web pages are not built yet (${RENDERER_DIR} is missing). Run \`npm run build\` once, then try again.`,
          )
        }
        const services = createCliServices('serve')
        if (opts.project) await services.project.open(opts.project)
        await services.startBackground()
        const handle = await startServeServer({ router: services.router, staticDir: RENDERER_DIR, port })
        out.data({ url: handle.url, port: handle.port }, () => `Mote Studio is served at ${handle.url}`)
        out.info('Only this computer can connect. Press Ctrl+C to stop.')
        await new Promise<void>((resolve) => {
          const stop = () => resolve()
          process.once('SIGINT', stop)
          process.once('SIGTERM', stop)
        })
        await handle.close()
        await services.dispose()
      })
      setExit(code)
    })
}
