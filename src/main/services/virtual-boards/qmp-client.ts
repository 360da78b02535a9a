import { createConnection, type Socket } from 'node:net'
import { parseJsonLine, type JsonLine } from './line-process'

interface Pending {
  readonly resolve: (value: unknown) => void
  readonly reject: (error: Error) => void
  readonly timer: ReturnType<typeof setTimeout>
}

/**
 * A minimal QEMU Machine Protocol client over a Unix socket: read the greeting, negotiate capabilities,
 * then `execute` commands one at a time (QMP answers in order). Asynchronous events are ignored.
 */
export class QmpClient {
  private partial = ''
  private readonly pending: Pending[] = []
  private greeted: (() => void) | undefined
  private closedError: Error | undefined

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8')
    socket.on('data', (text: string) => this.onData(text))
    socket.on('close', () => this.failAll(new Error('the QMP socket closed')))
    socket.on('error', (error) => this.failAll(error))
  }

  /** Connects (retrying while QEMU creates the socket) and negotiates capabilities. */
  static async connect(path: string, timeoutMs = 5000): Promise<QmpClient> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      try {
        const socket = await openSocket(path)
        const client = new QmpClient(socket)
        await client.greeting(Math.max(500, deadline - Date.now()))
        await client.execute('qmp_capabilities')
        return client
      } catch (error) {
        if (Date.now() > deadline) throw error
        await new Promise((r) => setTimeout(r, 50))
      }
    }
  }

  execute(command: string, args?: Readonly<Record<string, unknown>>, timeoutMs = 10_000): Promise<unknown> {
    if (this.closedError) return Promise.reject(this.closedError)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`QMP ${command} timed out`)), timeoutMs)
      this.pending.push({ resolve, reject, timer })
      this.socket.write(
        JSON.stringify(args ? { execute: command, arguments: args } : { execute: command }) + '\n',
      )
    })
  }

  close(): void {
    this.socket.destroy()
  }

  private greeting(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no QMP greeting')), timeoutMs)
      this.greeted = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }

  private onData(text: string): void {
    const lines = (this.partial + text).split('\n')
    this.partial = lines.pop() ?? ''
    for (const raw of lines) {
      const message = parseJsonLine(raw)
      if (message) this.onMessage(message)
    }
  }

  private onMessage(message: JsonLine): void {
    if ('QMP' in message) {
      this.greeted?.()
      this.greeted = undefined
      return
    }
    if (!('return' in message) && !('error' in message)) return // an event
    const pending = this.pending.shift()
    if (!pending) return
    clearTimeout(pending.timer)
    if ('error' in message) pending.reject(new Error(`QMP error: ${JSON.stringify(message.error)}`))
    else pending.resolve(message.return)
  }

  private failAll(error: Error): void {
    this.closedError ??= error
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer)
      p.reject(error)
    }
  }
}

function openSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path)
    socket.once('connect', () => resolve(socket))
    socket.once('error', reject)
  })
}
