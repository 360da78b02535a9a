import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { createAppServices, type AppServices } from '../main/app-services'
import { tsWorkerFactory } from '../main/services/jobs/worker-factory'
import { defaultUserDirs } from '../main/services/system/user-dirs'

/** The repository (or installed package) root: src/cli/ is two levels below it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
  return pkg.version
}

/** The same services as the desktop app, for the CLI and serve mode: jobs run from source through tsx. */
export function createCliServices(mode: 'serve' | 'electron' = 'serve'): AppServices {
  return createAppServices({
    mode,
    appVersion: appVersion(),
    userDirs: defaultUserDirs(),
    createWorker: tsWorkerFactory(
      join(PACKAGE_ROOT, 'src/main/job-worker.ts'),
      join(PACKAGE_ROOT, 'bin/ts-worker.mjs'),
    ),
    openExternal: async () => undefined,
    resourcesDir: join(PACKAGE_ROOT, 'resources'),
  })
}
