// The work of `mote serve`, loaded only when it runs. The server itself is src/main/serve; this is the
// command's side of it: listen first (a port in use is a clear error and exit 1, before any service
// starts), then open the project and start the background services, and stop on SIGINT or SIGTERM.
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { startServeServer, type ServeHandle } from '../../main/serve/serve-server'
import { DoctorErrorCode } from '../../shared/api/doctor'
import { MoteFailure, RpcErrorCode } from '../../shared/errors'
import { PACKAGE_ROOT } from '../cli-context'
import { createCliServices } from '../cli-services'
import type { Output } from '../output'
import { STOP_DEADLINE_MS } from './serve'

export const RENDERER_DIR = join(PACKAGE_ROOT, 'out/renderer')

export interface ServeRequest {
  readonly port: number
  readonly project?: string
}

export async function runServe(request: ServeRequest, out: Output): Promise<void> {
  await requireBuiltRenderer()
  const services = createCliServices('serve')
  let handle: ServeHandle | undefined
  try {
    handle = await listen(
      () => startServeServer({ router: services.router, staticDir: RENDERER_DIR, port: request.port }),
      request.port,
    )
    const stopped = untilStopSignal(out)
    if (request.project) await services.project.open(request.project)
    await services.startBackground()
    out.data({ url: handle.url, port: handle.port }, () => `Mote Studio is served at ${handle!.url}`)
    out.info('Only this computer can connect. Press Ctrl+C to stop.')
    await stopped
  } finally {
    await handle?.close()
    await services.dispose()
  }
}

async function requireBuiltRenderer(): Promise<void> {
  try {
    await access(join(RENDERER_DIR, 'index.html'))
  } catch {
    throw new MoteFailure(
      DoctorErrorCode.ToolMissing,
      `The studio's web pages are not built yet (${RENDERER_DIR} is missing). Run \`npm run build\` once, then try again.`,
    )
  }
}

/** Starts the server; a port that cannot be had becomes a sentence that says what to do. */
export async function listen(start: () => Promise<ServeHandle>, port: number): Promise<ServeHandle> {
  try {
    return await start()
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE')
      throw new MoteFailure(
        RpcErrorCode.ServePortUnavailable,
        `Port ${port} is already in use by another program. Stop that program, choose another port with --port, or leave --port out to take a free one.`,
      )
    if (code === 'EACCES')
      throw new MoteFailure(
        RpcErrorCode.ServePortUnavailable,
        `Port ${port} needs administrator rights on this system. Choose a port above 1023 with --port, or leave --port out to take a free one.`,
      )
    throw error
  }
}

/**
 * Resolves on the first SIGINT or SIGTERM, so that the caller closes the server and the services. From
 * that moment the process ends within STOP_DEADLINE_MS even if closing hangs, and a second signal ends it
 * at once: a stop request always stops `mote serve`.
 */
export function untilStopSignal(out: Output): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      process.once('SIGINT', () => process.exit(1))
      process.once('SIGTERM', () => process.exit(1))
      setTimeout(() => {
        out.info(`mote: serve did not stop within ${STOP_DEADLINE_MS / 1000} s of ${signal}; exiting anyway.`)
        process.exit(1)
      }, STOP_DEADLINE_MS).unref()
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
