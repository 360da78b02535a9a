import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createApi } from '../../src/renderer/api'
import { setApi } from '../../src/renderer/api/provide'
import { suggestedExportPath, useExportStore } from '../../src/renderer/stores/export'
import type { ExportResult } from '../../src/shared/api/export'
import { fakeBridge } from './fake-bridge'

beforeEach(() => setActivePinia(createPinia()))

const written: ExportResult = {
  format: 'arduino',
  path: '/home/me/gestures-arduino.zip',
  bytes: 99_335,
  variantId: 'v-1',
  boardId: 'uno',
  files: ['Mote_gestures/README.md'],
}

describe('export store', () => {
  it('sends the request to the export service and keeps what it wrote', async () => {
    const { bridge, calls } = fakeBridge({ 'mote:export:export': () => written })
    setApi(createApi(bridge))
    const store = useExportStore()
    const request = { format: 'arduino', outPath: '/home/me/gestures-arduino.zip', boardId: 'uno' } as const
    expect(await store.run(request)).toEqual(written)
    expect(calls).toEqual([['mote:export:export', [request]]])
    expect([store.busy, store.error, store.result]).toEqual([false, null, written])
  })

  it('shows the service’s sentence when the export fails, and forgets it on reset', async () => {
    const { bridge } = fakeBridge({
      'mote:export:export': () => {
        throw new Error('No variant is chosen for deployment: choose one in the Compress view.')
      },
    })
    setApi(createApi(bridge))
    const store = useExportStore()
    expect(await store.run({ format: 'c', outPath: '/x.zip' })).toBeNull()
    expect(store.error).toMatch(/No variant is chosen/)
    store.reset()
    expect(store.error).toBeNull()
  })

  it('suggests a file beside the project folder with the format’s extension', () => {
    expect(suggestedExportPath('/home/me/gestures/', 'c')).toBe('/home/me/gestures-c.zip')
    expect(suggestedExportPath('/home/me/gestures', 'arduino')).toBe('/home/me/gestures-arduino.zip')
    expect(suggestedExportPath('C:\\Mote\\gestures', 'tflite')).toBe('C:\\Mote\\gestures.tflite')
    expect(suggestedExportPath('/home/me/gestures', 'firmware', 'uno')).toBe('/home/me/gestures-uno.hex')
  })
})
