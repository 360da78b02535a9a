// The work of `mote serve`, loaded only when it runs.
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { startServeServer } from '../../main/serve/serve-server'
import { DoctorErrorCode } from '../../shared/api/doctor'
import { MoteFailure } from '../../shared/errors'
import { PACKAGE_ROOT } from '../cli-context'
import { createCliServices } from '../cli-services'
import type { Output } from '../output'

export const RENDERER_DIR = join(PACKAGE_ROOT, 'out/renderer')

export interface ServeRequest {
  readonly port: number
  readonly project?: string
}

export async function runServe(request: ServeRequest, out: Output): Promise<void> {
  try {
    await access(join(RENDERER_DIR, 'index.html'))
  } catch {
    throw new MoteFailure(
      DoctorErrorCode.ToolMissing,
      `The studio's web pages are not built yet (${RENDERER_DIR} is missing). Run \`npm run build\` once, then try again.`,
    )
  }
  const services = createCliServices('serve')
  if (request.project) await services.project.open(request.project)
  await services.startBackground()
  const handle = await startServeServer({
    router: services.router,
    staticDir: RENDERER_DIR,
    port: request.port,
  })
  out.data({ url: handle.url, port: handle.port }, () => `Mote Studio is served at ${handle.url}`)
  out.info('Only this computer can connect. Press Ctrl+C to stop.')
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await handle.close()
  await services.dispose()
}
