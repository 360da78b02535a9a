import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STOP_DEADLINE_MS } from '../../src/cli/commands/serve'
import { mote, startServe } from './cli-helpers'

let work: string
let env: NodeJS.ProcessEnv
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mote-serve-cli-'))
  env = { MOTE_CONFIG_DIR: join(work, 'config'), MOTE_CACHE_DIR: join(work, 'cache') }
})
afterAll(() => rm(work, { recursive: true, force: true }))

/** Resolves when the child has exited, with how long that took from now. */
function exit(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const start = performance.now()
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve({ code: child.exitCode, ms: 0 })
    else child.once('exit', (code) => resolve({ code, ms: performance.now() - start }))
  })
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy()
      resolve(true)
    })
    socket.on('error', () => resolve(false))
  })
}

/** A connection that sends half a request and waits: the server cannot finish it by itself. */
function halfRequest(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n')
      resolve(socket)
    })
    socket.on('error', reject)
  })
}

describe('mote serve', () => {
  let occupied: Server
  let port: number
  beforeAll(async () => {
    occupied = createServer()
    await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve))
    port = (occupied.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => occupied.close(() => resolve())))

  it('refuses a port in use with a sentence that says what to do, and exits 1', async () => {
    const text = await mote(['serve', '--port', String(port)], env)
    expect(text.code).toBe(1)
    expect(text.stderr).toBe(
      `mote: Port ${port} is already in use by another program. Stop that program, choose another port with --port, or leave --port out to take a free one.\n`,
    )
    const json = await mote(['serve', '--port', String(port), '--json'], env)
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 1007 } })
  })

  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    it(`stops on ${signal}: closes its port and exits 0`, async () => {
      const served = await startServe([], env)
      expect(await accepts(served.port)).toBe(true)
      const exited = exit(served.child)
      served.child.kill(signal)
      expect((await exited).code).toBe(0)
      expect(await accepts(served.port)).toBe(false)
    })

  it('stops on SIGTERM within its deadline even while a client holds a request open', async () => {
    const served = await startServe([], env)
    const socket = await halfRequest(served.port)
    try {
      const exited = exit(served.child)
      served.child.kill('SIGTERM')
      const { code, ms } = await exited
      expect(code).not.toBeNull()
      expect(ms).toBeLessThan(STOP_DEADLINE_MS + 3000)
    } finally {
      socket.destroy()
    }
  })

  it('stops at once on a second signal while the first one is still closing', async () => {
    const served = await startServe([], env)
    const socket = await halfRequest(served.port)
    try {
      const exited = exit(served.child)
      served.child.kill('SIGTERM')
      await new Promise((resolve) => setTimeout(resolve, 300))
      served.child.kill('SIGINT')
      const { code, ms } = await exited
      expect(code).toBe(1)
      expect(ms).toBeLessThan(STOP_DEADLINE_MS)
    } finally {
      socket.destroy()
    }
  })
})
