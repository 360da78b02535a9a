import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ProjectErrorCode } from '../../../src/shared/api/project'
import type { RpcResult } from '../../../src/shared/rpc/contract'
import { mote, startServe } from '../../cli/cli-helpers'
import { openServeBridge } from './serve-client'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** Resolves with how the process ended, or 'still running' after `ms`. */
function exitWithin(child: ChildProcess, ms: number) {
  return new Promise<{ code: number | null; signal: string | null } | 'still running'>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child.exitCode, signal: child.signalCode })
    const timer = setTimeout(() => resolve('still running'), ms)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal })
    })
  })
}

describe('mote serve after a path under /proc', () => {
  it('answers project and export calls under /proc with an error, then still stops on SIGINT', async () => {
    const work = await mkdtemp(join(tmpdir(), 'mote-serve-proc-'))
    const env = { MOTE_CONFIG_DIR: join(work, 'config') }
    expect((await mote(['project', 'new', join(work, 'p'), '--name', 'P'], env)).code).toBe(0)
    const serve = await startServe(['--project', join(work, 'p')], env)
    cleanups.push(async () => {
      serve.child.kill('SIGKILL')
      await rm(work, { recursive: true, force: true })
    })
    const bridge = await openServeBridge(serve.port, new URL(serve.url).searchParams.get('token')!)
    const exported: RpcResult = await bridge.invoke('mote:dataset:exportTo', ['/proc/self/x/out', 'csv'])
    const created: RpcResult = await bridge.invoke('mote:project:create', [
      { dir: '/proc/self/x', name: 'Nowhere' },
    ])
    expect(exported.ok).toBe(false)
    expect(created).toMatchObject({ ok: false, error: { code: ProjectErrorCode.WriteFailed } })
    expect(await bridge.invoke('mote:app:info', [])).toMatchObject({ ok: true })
    bridge.close()
    serve.child.kill('SIGINT')
    const ended = await exitWithin(serve.child, 10_000)
    expect(ended).not.toBe('still running')
  }, 30_000)
})
