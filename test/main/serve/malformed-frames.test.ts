import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ServiceRouter } from '../../../src/main/rpc/service-router'
import { startServeServer, type ServeHandle } from '../../../src/main/serve/serve-server'
import type { ServiceContract } from '../../../src/shared/rpc/contract'
import { MALFORMED_KINDS } from './malformed-frames'
import { frameBytes, openRaw } from './raw-websocket'
import { openServeBridge } from './serve-client'

interface Echo {
  echo(text: string): Promise<string>
}
const echoContract: ServiceContract<Echo> = {
  name: 'echo',
  methods: { echo: z.tuple([z.string()]) },
  events: [],
}

let serve: ServeHandle
beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'mote-frames-'))
  await writeFile(join(root, 'index.html'), '<!doctype html>')
  const router = new ServiceRouter()
  router.register(echoContract, { echo: async (text: string) => text })
  serve = await startServeServer({ router, staticDir: root })
})
afterAll(() => serve.close())

async function stillServes(): Promise<void> {
  const bridge = await openServeBridge(serve.port, serve.token)
  expect(await bridge.invoke('mote:echo:echo', ['still here'])).toEqual({ ok: true, value: 'still here' })
  bridge.close()
}

describe('mote serve under malformed WebSocket frames', () => {
  for (const kind of MALFORMED_KINDS) {
    it(`closes the connection on ${kind.name} with ${kind.closeCode} and serves the next page`, async () => {
      const raw = await openRaw(serve.port, serve.token)
      raw.write(kind.bytes())
      expect(await raw.closed).toBe(kind.closeCode)
      raw.socket.destroy()
      await stillServes()
    })
  }

  it('answers a ping with a pong and a clean close with a clean close', async () => {
    const raw = await openRaw(serve.port, serve.token)
    const pong = new Promise<Buffer>((resolve) => raw.socket.once('data', resolve))
    raw.write(frameBytes({ opcode: 0x9, payload: Buffer.from('hello') }))
    expect([...(await pong)]).toEqual([0x8a, 5, ...Buffer.from('hello')])
    raw.write(frameBytes({ opcode: 0x8, payload: Buffer.from([0x03, 0xe8]) }))
    expect(await raw.closed).toBe(1000)
  })

  it('survives a client that resets the connection during and right after the handshake', async () => {
    for (let i = 0; i < 5; i++) {
      const raw = await openRaw(serve.port, serve.token)
      raw.socket.resetAndDestroy()
    }
    await stillServes()
  })
})
