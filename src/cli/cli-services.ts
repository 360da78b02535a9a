import { join } from 'node:path'
import { createAppServices, type AppServices } from '../main/app-services'
import { bundledWorkerFactory, tsWorkerFactory } from '../main/services/jobs/worker-factory'
import type { WorkerFactory } from '../main/services/jobs/jobs-service'
import { defaultUserDirs } from '../main/services/system/user-dirs'
import { PACKAGE_ROOT, appVersion } from './cli-context'

/**
 * Job workers on the same code as this module: the bundle's worker (out/cli/job-worker.js, built with it
 * by `npm run build`) when the CLI runs from the bundle, the TypeScript entry through tsx when it runs from
 * source (bin/mote.mjs decides which; vitest imports the sources too).
 */
export function cliWorkerFactory(moduleUrl = import.meta.url): WorkerFactory {
  return runsFromSource(moduleUrl)
    ? tsWorkerFactory(join(PACKAGE_ROOT, 'src/main/job-worker.ts'), join(PACKAGE_ROOT, 'bin/ts-worker.mjs'))
    : bundledWorkerFactory(join(PACKAGE_ROOT, 'out/cli/job-worker.js'))
}

/**
 * True for a module loaded from its TypeScript source. tsx's `tsImport` (bin/mote.mjs) gives module URLs a
 * query (`cli-services.ts?tsx-namespace=…`): the path, not the whole URL, ends in `.ts`. Testing the URL
 * ran every job of a CLI started from source in the bundle's worker, on the code of the last build.
 */
export function runsFromSource(moduleUrl: string): boolean {
  return new URL(moduleUrl).pathname.endsWith('.ts')
}

/**
 * The same services as the desktop app, for the CLI and serve mode. Loaded with `import()` by the commands
 * that need them, so that `mote --help` and the light commands never load the services.
 */
export function createCliServices(mode: 'serve' | 'electron' = 'serve'): AppServices {
  return createAppServices({
    mode,
    appVersion: appVersion(),
    userDirs: defaultUserDirs(),
    createWorker: cliWorkerFactory(),
    openExternal: async () => undefined,
    resourcesDir: join(PACKAGE_ROOT, 'resources'),
  })
}
