import type { Command } from 'commander'
import { UsageError, runCommand } from '../output'

/** How long a stop may take to close connections and services before `mote serve` exits anyway. */
export const STOP_DEADLINE_MS = 5000

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
        const { runServe } = await import('./serve-run')
        await runServe({ port, ...(opts.project ? { project: opts.project } : {}) }, out)
      })
      setExit(code)
    })
}
