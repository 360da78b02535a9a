import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng, type Rng } from '../../../src/core/train/random'
import { encodeWire, joinPieces } from '../../../src/shared/rpc/wire'
import { startServe } from '../../cli/cli-helpers'
import { MALFORMED_KINDS, partHeader } from './malformed-frames'
import { frameBytes, openRaw } from './raw-websocket'
import { openServeBridge } from './serve-client'

/**
 * A WebSocket frame fuzzer against a real `mote serve` process (issue 10): after an authenticated handshake
 * on a raw TCP socket it writes each malformed kind as it is, then seeded random mutations of them and of
 * valid messages (bits flipped in the header, cut short, garbage appended, random headers and lengths,
 * written in pieces). After every case the process must be alive and answer a call on a page that stayed
 * connected throughout.
 */
const SEED = 20_261_207
const MUTATED_CASES = 200

type Mutation = (frame: Buffer, rng: Rng) => Buffer
const MUTATIONS: Readonly<Record<string, Mutation>> = {
  'header bits flipped': (f, rng) => {
    const out = Buffer.from(f)
    for (let i = rng.int(1, 4); i > 0; i--)
      out[rng.int(0, Math.min(13, out.length - 1))]! ^= 1 << rng.int(0, 7)
    return out
  },
  'cut short': (f, rng) => f.subarray(0, rng.int(1, Math.max(1, f.length - 1))),
  'garbage appended': (f, rng) => Buffer.concat([f, randomBytes(rng, rng.int(1, 300))]),
  'random header': (f, rng) => {
    const payload = randomBytes(rng, rng.int(0, 200))
    const declaredLength =
      rng.next() < 0.3 ? BigInt(rng.int(0, 2 ** 31)) * BigInt(rng.int(1, 2 ** 22)) : undefined
    const spec = {
      opcode: rng.int(0, 15),
      fin: rng.next() < 0.7,
      rsv: rng.int(0, 7),
      masked: rng.next() < 0.9,
    }
    return frameBytes({ ...spec, payload, ...(declaredLength === undefined ? {} : { declaredLength }) })
  },
  'pure garbage': (_f, rng) => randomBytes(rng, rng.int(1, 64)),
}

function randomBytes(rng: Rng, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => rng.int(0, 255)))
}

/** Valid messages to mutate besides the malformed kinds: a call in one part, a part of a longer message. */
const VALID_BASES: readonly { name: string; bytes: () => Buffer }[] = [
  {
    name: 'a valid call',
    bytes: () => {
      const body = joinPieces(encodeWire({ t: 'call', id: 1, channel: 'mote:app:info', args: [] }))
      return frameBytes({ opcode: 2, payload: Buffer.concat([partHeader(1, body.length, 0, 0), body]) })
    },
  },
  { name: 'a first part', bytes: () => frameBytes({ opcode: 2, payload: partHeader(2, 5000, 0, 100) }) },
]

let serve: Awaited<ReturnType<typeof startServe>>
let token: string
beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'mote-ws-fuzz-'))
  serve = await startServe([], { MOTE_CONFIG_DIR: join(work, 'config') })
  token = new URL(serve.url).searchParams.get('token')!
})
afterAll(() => {
  serve.child.kill('SIGTERM')
})

/** Writes `bytes` in 1–4 pieces, waits until the server closes or 150 ms pass; the close code if any. */
async function sendCase(bytes: Buffer, rng: Rng): Promise<number | undefined> {
  const raw = await openRaw(serve.port, token)
  const cuts = Array.from({ length: rng.int(0, 3) }, () => rng.int(0, bytes.length)).sort((a, b) => a - b)
  for (const [from, to] of [0, ...cuts].map((c, i, all) => [c, all[i + 1] ?? bytes.length] as const))
    raw.write(bytes.subarray(from, to))
  const code = await Promise.race([raw.closed, new Promise<'open'>((r) => setTimeout(() => r('open'), 150))])
  raw.socket.destroy()
  return code === 'open' ? undefined : code
}

describe('mote serve under a WebSocket frame fuzzer', () => {
  it(`stays up and answers through ${MALFORMED_KINDS.length} malformed kinds and ${MUTATED_CASES} mutations (seed ${SEED})`, async () => {
    const witness = await openServeBridge(serve.port, token)
    const rng = createRng(SEED)
    const failures: string[] = []
    const kindsTried = new Set<string>()
    const check = async (name: string) => {
      const alive = serve.child.exitCode === null
      const answer = alive ? await withTimeout(witness.invoke('mote:app:info', []), 5000) : undefined
      if (!alive || !answer?.ok) failures.push(`${name}: ${alive ? 'no answer' : 'mote serve exited'}`)
    }
    for (const kind of MALFORMED_KINDS) {
      kindsTried.add(kind.name)
      const code = await sendCase(kind.bytes(), rng)
      if (code !== kind.closeCode)
        failures.push(`${kind.name}: closed with ${String(code)}, not ${kind.closeCode}`)
      await check(kind.name)
    }
    const bases = [...MALFORMED_KINDS, ...VALID_BASES]
    const mutations = Object.entries(MUTATIONS)
    for (let i = 0; i < MUTATED_CASES; i++) {
      const base = bases[rng.int(0, bases.length - 1)]!
      const [mutationName, mutate] = mutations[rng.int(0, mutations.length - 1)]!
      const name = `${mutationName} of ${base.name}`
      kindsTried.add(name)
      await sendCase(mutate(base.bytes(), rng), rng)
      await check(`case ${i}: ${name}`)
    }
    witness.close()
    const tried = MALFORMED_KINDS.length + MUTATED_CASES
    console.log(
      `WebSocket fuzzer (seed ${SEED}): ${tried} cases, ${kindsTried.size} kinds, ${failures.length} failed`,
    )
    expect(failures).toEqual([])
  })
})

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))])
}
