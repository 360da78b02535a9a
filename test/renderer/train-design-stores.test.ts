import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ProjectSummary } from '../../src/shared/api/project'
import type { TrainStatus } from '../../src/shared/api/train'
import type { MoteBridge } from '../../src/shared/rpc/bridge'
import type { RpcResult } from '../../src/shared/rpc/contract'
import { createApi } from '../../src/renderer/api'
import { setApi } from '../../src/renderer/api/provide'
import { useDesignStore } from '../../src/renderer/stores/design'
import { usePipelineStore } from '../../src/renderer/stores/pipeline'
import { useProjectStore } from '../../src/renderer/stores/project'
import { useTrainStore } from '../../src/renderer/stores/train'
import { suggestDesign } from '../../src/core/train/suggest'
import { smallGestures } from '../core/train/fixtures'

function fakeBridge(answers: Record<string, (args: readonly unknown[]) => unknown>) {
  const listeners = new Map<string, ((p: unknown) => void)[]>()
  const calls: [string, readonly unknown[]][] = []
  const bridge: MoteBridge = {
    async invoke(channel, args): Promise<RpcResult> {
      calls.push([channel, args])
      const answer = answers[channel]
      return answer
        ? { ok: true, value: answer(args) }
        : { ok: false, error: { code: 1001, message: `no ${channel}` } }
    },
    subscribe(channel, listener) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener])
      return () => undefined
    },
  }
  return {
    bridge,
    calls,
    fire: (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload)),
  }
}

const project: ProjectSummary = {
  dir: '/p',
  id: '1',
  name: 'P',
  schemaVersion: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}
const epoch = (n: number) => ({ epoch: n, loss: 1 / n, accuracy: 0.5, learningRate: 0.005, seconds: 0.1 })

beforeEach(() => setActivePinia(createPinia()))

describe('train store', () => {
  it('collects the epochs of its job for the live curves and marks the step stale or done', async () => {
    const model = { id: 'm-1', createdAt: '', path: 'models/m-1', stale: true, metrics: { history: [] } }
    const status: TrainStatus = {
      job: null,
      history: [],
      epochs: 0,
      model: model as unknown as TrainStatus['model'],
    }
    const { bridge, fire } = fakeBridge({
      'mote:project:current': () => project,
      'mote:project:recent': () => [],
      'mote:train:status': () => status,
      'mote:train:start': () => ({
        id: 'job-7',
        kind: 'train',
        title: 'Train',
        state: 'running',
        progress: 0,
        phrase: '',
        startedAt: 1,
      }),
    })
    setApi(createApi(bridge))
    await useProjectStore().load()
    const train = useTrainStore()
    await train.load()
    expect(usePipelineStore().statusOf('train')).toBe('stale')
    await train.start()
    fire('mote:train:didEpoch', { jobId: 'job-7', epochs: 3, metrics: epoch(1) })
    fire('mote:train:didEpoch', { jobId: 'job-7', epochs: 3, metrics: epoch(2) })
    expect(train.history.map((h) => h.epoch)).toEqual([1, 2])
    expect(train.epochs).toBe(3)
    fire('mote:train:didChange', { ...status, model: { ...model, stale: false } })
    expect(usePipelineStore().statusOf('train')).toBe('done')
  })
})

describe('design store', () => {
  it('starts from the suggestion, analyses edits at once and saves them shortly after', async () => {
    const suggested = suggestDesign(smallGestures().source.samples)
    const { bridge, calls } = fakeBridge({
      'mote:project:current': () => project,
      'mote:project:recent': () => [],
      'mote:design:get': () => ({ design: null, suggested, samples: [] }),
      'mote:design:save': (args) => args[0],
    })
    setApi(createApi(bridge))
    await useProjectStore().load()
    const design = useDesignStore()
    await design.load()
    expect(design.stored).toBe(false)
    expect(design.analysis?.summary?.report.params).toBe(1125)
    design.update((d) => ({ ...d, training: { ...d.training, epochs: 5 } }))
    expect(design.saveState).toBe('dirty')
    await new Promise((r) => setTimeout(r, 600))
    expect(design.saveState).toBe('saved')
    expect(calls.filter(([c]) => c === 'mote:design:save')).toHaveLength(1)
    expect(usePipelineStore().statusOf('design')).toBe('done')
  })
})
