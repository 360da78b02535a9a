import type { WebSocket } from 'ws'
import { z } from 'zod'
import { decodeWire, encodeWire } from '../../shared/rpc/wire'
import type { ServiceRouter } from '../rpc/service-router'

const clientMessage = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('call'),
    id: z.number().int(),
    channel: z.string().max(200),
    args: z.array(z.unknown()),
  }),
  z.object({ t: z.literal('sub'), channel: z.string().max(200) }),
  z.object({ t: z.literal('unsub'), channel: z.string().max(200) }),
])

/**
 * One browser connection in serve mode: the same calls as IPC, through the same router (so the same
 * validation), and the events the page subscribed to. Malformed messages are answered with an error
 * result where they carry an id, and otherwise dropped; they never reach a service.
 */
export function bridgeSocket(socket: WebSocket, router: ServiceRouter): void {
  const subscribed = new Set<string>()
  const subscription = router.onEvent((channel, payload) => {
    if (subscribed.has(channel) && socket.readyState === socket.OPEN) {
      socket.send(encodeWire({ t: 'event', channel, payload }))
    }
  })
  socket.on('close', () => subscription.dispose())
  socket.on('message', (data, isBinary) => {
    if (isBinary) return
    let message: z.infer<typeof clientMessage>
    try {
      const parsed = clientMessage.safeParse(decodeWire(data.toString()))
      if (!parsed.success) return
      message = parsed.data
    } catch {
      return
    }
    if (message.t === 'sub') {
      if (router.isEventChannel(message.channel)) subscribed.add(message.channel)
      return
    }
    if (message.t === 'unsub') {
      subscribed.delete(message.channel)
      return
    }
    const { id } = message
    void router.dispatch(message.channel, message.args).then((result) => {
      if (socket.readyState === socket.OPEN) socket.send(encodeWire({ t: 'result', id, result }))
    })
  })
}
