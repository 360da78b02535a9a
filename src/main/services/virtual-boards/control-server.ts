import { createServer, type Server, type Socket } from 'node:net'
import { toMoteError } from '../../../shared/errors'
import type { FileSystem } from '../system/file-system'

export interface ControlHandlers {
  /** Raw image bytes for address 0. */
  load(bytes: Uint8Array): Promise<{ readonly bytes: number; readonly verified: boolean }>
  reset(): Promise<void>
}

/**
 * The control socket of a virtual Cortex-M board, served by the process that owns it. Same line protocol
 * as the virtual Uno's harness (commands in, one JSON reply line out), so one client talks to both:
 *
 *   load <path>   a raw image for address 0: QEMU restarts on it, then it is read back and compared
 *   reset         system reset through QMP
 *   status        {"reply":"status","ok":true}
 */
export class ControlServer {
  private constructor(private readonly server: Server) {}

  static async listen(path: string, fs: FileSystem, handlers: ControlHandlers): Promise<ControlServer> {
    await fs.rm(path, { force: true })
    const server = createServer((socket) => serve(socket, fs, handlers))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(path, () => resolve())
    })
    return new ControlServer(server)
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

function serve(socket: Socket, fs: FileSystem, handlers: ControlHandlers): void {
  let partial = ''
  let queue = Promise.resolve()
  socket.setEncoding('utf8')
  socket.on('error', () => socket.destroy())
  socket.on('data', (text: string) => {
    const lines = (partial + text).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) {
      if (line.trim())
        queue = queue.then(() =>
          run(line.trim(), fs, handlers).then((reply) => void socket.write(JSON.stringify(reply) + '\n')),
        )
    }
  })
}

async function run(
  line: string,
  fs: FileSystem,
  handlers: ControlHandlers,
): Promise<Record<string, unknown>> {
  const [command = '', ...rest] = line.split(' ')
  try {
    if (command === 'load') {
      const bytes = new Uint8Array(await fs.readFile(rest.join(' ')))
      return { reply: 'load', ok: true, ...(await handlers.load(bytes)) }
    }
    if (command === 'reset') {
      await handlers.reset()
      return { reply: 'reset', ok: true }
    }
    if (command === 'status') return { reply: 'status', ok: true }
    return { reply: 'error', ok: false, message: 'unknown command' }
  } catch (error) {
    const e = toMoteError(error)
    return { reply: command, ok: false, code: e.code, message: e.message }
  }
}
