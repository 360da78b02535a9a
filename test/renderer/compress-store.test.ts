import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { CompressStatus, Variant } from '../../src/shared/api/compress'
import type { JobInfo } from '../../src/shared/api/jobs'
import type { MoteBridge } from '../../src/shared/rpc/bridge'
import type { RpcResult } from '../../src/shared/rpc/contract'
import { createApi } from '../../src/renderer/api'
import { setApi } from '../../src/renderer/api/provide'
import { cleanOptions, useCompressStore } from '../../src/renderer/stores/compress'
import { usePipelineStore } from '../../src/renderer/stores/pipeline'

/**
 * The compress store against a scripted compress service: the service's runs take minutes and are tested
 * in test/main/services/compress; here what matters is how the store follows its status and calls.
 */
function scriptedService(statuses: CompressStatus[], startError?: { code: number; message: string }) {
  const listeners = new Map<string, ((p: unknown) => void)[]>()
  const calls: [string, readonly unknown[]][] = []
  let current = statuses[0]!
  const bridge: MoteBridge = {
    async invoke(channel, args): Promise<RpcResult> {
      calls.push([channel, structuredClone(args)])
      if (channel === 'mote:compress:status') return { ok: true, value: current }
      if (channel === 'mote:compress:start') {
        if (startError) return { ok: false, error: startError }
        current = statuses[1] ?? current
        return { ok: true, value: current.job }
      }
      if (channel === 'mote:compress:choose') return { ok: true, value: statuses[2] }
      return { ok: false, error: { code: 1001, message: `no ${channel}` } }
    },
    subscribe(channel, listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener])
      return () => undefined
    },
  }
  const fire = (status: CompressStatus) => {
    current = status
    listeners.get('mote:compress:didChange')?.forEach((l) => l(status))
  }
  return { bridge, calls, fire }
}

const job = (patch: Partial<JobInfo> = {}): JobInfo => ({
  id: 'job-c1',
  kind: 'compress',
  title: 'Compress P: int8 PTQ',
  state: 'running',
  progress: 0,
  phrase: 'Reading the trained model and the design',
  startedAt: 1,
  ...patch,
})

function variant(id: string, method: Variant['method'], patch: Partial<Variant> = {}): Variant {
  return {
    id,
    name: id,
    method,
    options: {},
    modelId: 'm-1',
    createdAt: '',
    path: `variants/${id}`,
    dtype: method === 'float' ? 'float32' : 'int8',
    metrics: { accuracy: 0.9, floatAccuracy: 0.9, weightsFlashBytes: method === 'float' ? 4000 : 1000 },
    notes: [],
    stale: false,
    chosen: false,
    ...patch,
  } as unknown as Variant
}

const idle: CompressStatus = { job: null, model: { id: 'm-1', stale: false }, variants: [], chosenId: null }

beforeEach(() => setActivePinia(createPinia()))

describe('the compress store', () => {
  it('starts the form’s method with blank options left out, and follows the job from its first phrase', async () => {
    const { bridge, calls } = scriptedService([idle, { ...idle, job: job() }])
    setApi(createApi(bridge))
    const store = useCompressStore()
    await store.load()
    store.method = 'prune'
    store.options = { sparsity: 0.7, epochs: undefined, learningRate: undefined }
    await store.start()
    expect(calls.find(([c]) => c === 'mote:compress:start')![1]).toEqual([
      { method: 'prune', options: { sparsity: 0.7 } },
    ])
    expect(store.running).toBe(true)
    expect(store.lastJobId).toBe('job-c1')
    expect(store.status.job?.phrase).toBe('Reading the trained model and the design')
  })

  it('takes every status the service announces: variants, the chosen one, the rail’s mark', async () => {
    const { bridge, fire } = scriptedService([idle])
    setApi(createApi(bridge))
    const store = useCompressStore()
    await store.load()
    fire({
      ...idle,
      variants: [variant('float-1', 'float'), variant('v-1', 'ptq', { chosen: true })],
      chosenId: 'v-1',
    })
    expect(store.variants.map((v) => v.id)).toEqual(['float-1', 'v-1'])
    expect(store.sizeRatio(store.variants[1]!)).toBe(4)
    expect(usePipelineStore().statusOf('compress')).toBe('done')
    fire({ ...idle, variants: [variant('v-1', 'ptq', { chosen: true, stale: true })], chosenId: 'v-1' })
    expect(usePipelineStore().statusOf('compress')).toBe('stale')
    expect(store.current).toEqual([])
  })

  it('keeps a refused start as the service’s error with its code, and no error for a cancelled run', async () => {
    const refusal = { code: 14601, message: '"Compress P: int8 PTQ" is still running.' }
    const { bridge, fire } = scriptedService([idle], refusal)
    setApi(createApi(bridge))
    const store = useCompressStore()
    await store.load()
    await store.start()
    expect(store.error).toEqual(refusal)
    store.error = null
    fire({ ...idle, job: null })
    expect(store.error).toBeNull()
  })

  it('drops empty and undefined options so that the service applies its defaults', () => {
    expect(cleanOptions({ bits: 4, epochs: undefined, name: '' as never })).toEqual({ bits: 4 })
  })
})
