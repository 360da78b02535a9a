import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { MoteFailure, RpcErrorCode } from '../../../src/shared/errors'
import { Emitter, type Disposable, type Listener } from '../../../src/shared/events'
import type { ServiceContract } from '../../../src/shared/rpc/contract'
import { ServiceRouter } from '../../../src/main/rpc/service-router'

interface Greeter {
  greet(name: string, times: number): Promise<string>
  fail(): Promise<void>
  crash(): Promise<void>
  onDidGreet(listener: Listener<string>): Disposable
}

const greeterContract: ServiceContract<Greeter> = {
  name: 'greeter',
  methods: {
    greet: z.tuple([z.string().min(1), z.number().int().positive()]),
    fail: z.tuple([]),
    crash: z.tuple([]),
  },
  events: ['didGreet'],
}

class GreeterImpl implements Greeter {
  private readonly greeted = new Emitter<string>()
  readonly onDidGreet = this.greeted.event
  calls = 0
  async greet(name: string, times: number) {
    this.calls++
    this.greeted.fire(name)
    return `hello ${name}`.repeat(times)
  }
  async fail(): Promise<void> {
    throw new MoteFailure(2001, 'No project here.', 'detail text')
  }
  async crash(): Promise<void> {
    throw new TypeError('boom')
  }
}

function setup() {
  const router = new ServiceRouter()
  const impl = new GreeterImpl()
  router.register(greeterContract, impl)
  return { router, impl }
}

describe('ServiceRouter', () => {
  it('dispatches a valid call to the service and returns its value', async () => {
    const { router } = setup()
    expect(await router.dispatch('mote:greeter:greet', ['ada', 2])).toEqual({
      ok: true,
      value: 'hello adahello ada',
    })
  })

  it('rejects arguments that fail the schema with InvalidArguments, without calling the service', async () => {
    const { router, impl } = setup()
    for (const args of [[], ['ada'], ['', 1], ['ada', -1], ['ada', 1.5], [42, 1], ['ada', 1, 'extra']]) {
      const result = await router.dispatch('mote:greeter:greet', args)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.code).toBe(RpcErrorCode.InvalidArguments)
    }
    expect(impl.calls).toBe(0)
  })

  it('rejects a non-array argument list and unknown channels', async () => {
    const { router } = setup()
    const notList = await router.dispatch('mote:greeter:greet', { 0: 'ada' })
    expect(notList).toMatchObject({ ok: false, error: { code: RpcErrorCode.InvalidArguments } })
    for (const channel of [
      'mote:greeter:nope',
      'mote:other:greet',
      'greet',
      42,
      null,
      'mote:greeter:constructor',
    ]) {
      expect(await router.dispatch(channel, [])).toMatchObject({
        ok: false,
        error: { code: RpcErrorCode.UnknownChannel },
      })
    }
  })

  it('passes a MoteFailure through as data with its code, message and detail', async () => {
    const { router } = setup()
    expect(await router.dispatch('mote:greeter:fail', [])).toEqual({
      ok: false,
      error: { code: 2001, message: 'No project here.', detail: 'detail text' },
    })
  })

  it('turns an unexpected exception into an Internal error instead of throwing', async () => {
    const { router } = setup()
    const result = await router.dispatch('mote:greeter:crash', [])
    expect(result).toMatchObject({
      ok: false,
      error: { code: RpcErrorCode.Internal, message: 'Unexpected error: boom' },
    })
  })

  it('relays service events to sinks on the event channel', async () => {
    const { router } = setup()
    const seen: [string, unknown][] = []
    router.onEvent((channel, payload) => seen.push([channel, payload]))
    await router.dispatch('mote:greeter:greet', ['bob', 1])
    expect(seen).toEqual([['mote:greeter:didGreet', 'bob']])
    expect(router.isEventChannel('mote:greeter:didGreet')).toBe(true)
    expect(router.isEventChannel('mote:greeter:greet')).toBe(false)
  })

  it('refuses to register the same channel twice', () => {
    const { router } = setup()
    expect(() => router.register(greeterContract, new GreeterImpl())).toThrow(/registered twice/)
  })
})
