import { existsSync } from 'node:fs'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { datasetContract } from '../../../../src/shared/api/dataset'
import { ProjectErrorCode, projectContract } from '../../../../src/shared/api/project'
import { RpcErrorCode, type MoteError } from '../../../../src/shared/errors'
import type { RpcResult } from '../../../../src/shared/rpc/contract'
import { ServiceRouter } from '../../../../src/main/rpc/service-router'
import { DatasetService } from '../../../../src/main/services/dataset/dataset-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'

const onLinux = process.platform === 'linux' && existsSync('/proc/self')

/** The project and dataset services behind the same router that IPC and `mote serve` use. */
async function served() {
  const root = await mkdtemp(join(tmpdir(), 'mote-paths-'))
  const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'config'), appVersion: '0' })
  const dataset = new DatasetService({ project, fs: nodeFileSystem })
  const router = new ServiceRouter()
  router.register(projectContract, project)
  router.register(datasetContract, dataset)
  return { root, project, router }
}

/** Dispatches a call and returns its error, checking that the answer came within `withinMs`. */
async function errorOf(router: ServiceRouter, channel: string, args: unknown[], withinMs = 1000) {
  const started = Date.now()
  const result: RpcResult = await router.dispatch(channel, args)
  expect(Date.now() - started).toBeLessThan(withinMs)
  expect(result.ok).toBe(false)
  return (result as { ok: false; error: MoteError }).error
}

describe('project and export folders that cannot be used', () => {
  it.runIf(onLinux)('answers a project under /proc over RPC within a second, naming the folder', async () => {
    const { router, project } = await served()
    for (const dir of ['/proc/self/x', '/proc/self/x/deeper']) {
      const error = await errorOf(router, 'mote:project:create', [{ dir, name: 'P' }])
      expect(error.code).toBe(ProjectErrorCode.WriteFailed)
      expect(error.message).toMatch(`Could not create the project folder ${dir}:`)
      expect(error.message).not.toMatch(/Unexpected error/)
    }
    expect(project.isOpen).toBe(false)
  })

  it.runIf(onLinux)('answers an export to /proc over RPC within a second, writing nothing', async () => {
    const { root, router } = await served()
    await router.dispatch('mote:project:create', [{ dir: join(root, 'p'), name: 'P' }])
    const error = await errorOf(router, 'mote:dataset:exportTo', ['/proc/self/x', 'csv'])
    expect(error.message).toMatch('The export folder /proc/self/x cannot be made:')
  })

  it('refuses a relative project or export folder over RPC, saying it must be a whole path', async () => {
    const { root, router } = await served()
    const create = await errorOf(router, 'mote:project:create', [{ dir: 'my-project', name: 'P' }])
    expect(create.code).toBe(RpcErrorCode.InvalidArguments)
    expect(create.message).toMatch(/a project folder must be a whole path.*"my-project" is relative/)
    const open = await errorOf(router, 'mote:project:open', ['./p'])
    expect(open.message).toMatch(/a project folder must be a whole path/)
    await router.dispatch('mote:project:create', [{ dir: join(root, 'p'), name: 'P' }])
    const exported = await errorOf(router, 'mote:dataset:exportTo', ['out', 'csv'])
    expect(exported.message).toMatch(/an export folder must be a whole path/)
    expect(await readdir(process.cwd())).not.toContain('my-project')
  })

  it('says so when a file stands where the project folder or one of its parents should be', async () => {
    const { root, router } = await served()
    await writeFile(join(root, 'file'), 'mine')
    for (const dir of [join(root, 'file'), join(root, 'file/sub')]) {
      const error = await errorOf(router, 'mote:project:create', [{ dir, name: 'P' }])
      expect(error.message).toMatch(`Could not create the project folder ${dir}: a file is in the way`)
    }
  })
})
