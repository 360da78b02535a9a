import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { DeployReport, DeployStatus } from '../../src/shared/api/device-test'
import type { MoteBridge } from '../../src/shared/rpc/bridge'
import type { RpcResult } from '../../src/shared/rpc/contract'
import { createApi } from '../../src/renderer/api'
import { setApi } from '../../src/renderer/api/provide'
import { useDeployStore } from '../../src/renderer/stores/deploy'
import { usePipelineStore } from '../../src/renderer/stores/pipeline'

/** The deploy store against a bridge that answers from a table and fires the service's change events. */
function bridgeWith(answers: Record<string, (args: readonly unknown[]) => unknown>) {
  const listeners = new Map<string, ((p: unknown) => void)[]>()
  const bridge: MoteBridge = {
    async invoke(channel, args): Promise<RpcResult> {
      const answer = answers[channel]
      if (!answer) return { ok: false, error: { code: 1001, message: `no ${channel}` } }
      try {
        return { ok: true, value: answer(args) }
      } catch (e) {
        return { ok: false, error: { code: 16015, message: (e as Error).message } }
      }
    },
    subscribe(channel, listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener])
      return () => undefined
    },
  }
  return { bridge, fire: (channel: string, p: unknown) => listeners.get(channel)?.forEach((l) => l(p)) }
}

const idle: DeployStatus = { job: null, stage: null, report: null, error: null, log: '' }
const report = { test: { mismatches: 0, windows: 3 } } as unknown as DeployReport

beforeEach(() => setActivePinia(createPinia()))

describe('deploy store', () => {
  it('follows the service’s status and marks the Deploy step done once a test reported', async () => {
    const { bridge, fire } = bridgeWith({ 'mote:deploy:status': () => idle })
    setApi(createApi(bridge))
    const store = useDeployStore()
    await store.load()
    expect(store.running).toBe(false)
    fire('mote:deploy:didChange', {
      ...idle,
      stage: { stage: 'flash', fraction: 0.5, phrase: 'Writing page 3 of 6' },
    })
    expect(store.status.stage?.phrase).toBe('Writing page 3 of 6')
    fire('mote:deploy:didChange', { ...idle, report })
    expect(store.report).toBe(report)
    expect(usePipelineStore().statusOf('deploy')).toBe('done')
  })

  it('shows why a deployment could not start, where it was asked for', async () => {
    const { bridge } = bridgeWith({
      'mote:deploy:status': () => idle,
      'mote:deploy:start': () => {
        throw new Error('A deployment is running; wait for it or cancel it (Esc).')
      },
    })
    setApi(createApi(bridge))
    const store = useDeployStore()
    await store.start({ boardId: 'virtual-uno', port: '/tmp/tty', windows: 3 })
    expect(store.error).toMatch(/running/)
  })
})
