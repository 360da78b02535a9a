import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'

/**
 * Runs short commands through one long-lived `/bin/sh` instead of spawning each from this process.
 *
 * Spawning forks the whole process, and the fork copies its page tables: the event loop stops for about
 * 0.2 ms per resident MB (measured on the 2-core build machine: 10 ms at 45 MB, 200 ms at 1 GB, 380 ms at
 * 2 GB). serialport's Linux lister spawns `udevadm info -e` on every device poll (every 500 ms), so a busy
 * `mote serve` or app stopped that often for a few hundred milliseconds (docs/serve.md "Responsiveness").
 * The shell is forked once, while the process is small; its own forks of `udevadm` cost it, not us.
 *
 * `spawn` has the shape serialport's `linuxList(spawnCmd)` uses: a child with `stdout` that ends with the
 * command's output, then `close` with its exit status (127: not found), or `error` if the shell is gone.
 * Commands run one at a time. The shell ends by itself when this process does (its stdin closes).
 */
export interface HelperShell {
  spawn(command: string, args: readonly string[]): HelperChild
  /** Ends the shell (tests); the next command starts a new one. */
  dispose(): void
}

export interface HelperChild extends EventEmitter {
  readonly stdout: PassThrough
}

export function createHelperShell(env: NodeJS.ProcessEnv = process.env): HelperShell {
  let shell: ChildProcess | undefined
  let queue: Promise<void> = Promise.resolve()

  const start = (): ChildProcess => {
    const started = spawn('/bin/sh', [], { stdio: ['pipe', 'pipe', 'ignore'], env })
    started.on('error', () => undefined)
    started.stdin!.on('error', () => undefined)
    started.once('exit', () => {
      if (shell === started) shell = undefined
    })
    // The shell must not keep this process alive: it only serves the polls that run anyway.
    started.unref()
    ;(started.stdin as unknown as { unref?: () => void }).unref?.()
    ;(started.stdout as unknown as { unref?: () => void }).unref?.()
    return started
  }

  const runOne = (command: string, args: readonly string[], child: HelperChild): Promise<void> =>
    new Promise((done) => {
      const current = (shell ??= start())
      const marker = `mote-helper-done-${randomBytes(8).toString('hex')}`
      const chunks: Buffer[] = []
      const finish = (outcome: () => void) => {
        current.stdout!.off('data', onData)
        current.off('exit', onExit)
        outcome()
        done()
      }
      const onData = (chunk: Buffer) => {
        chunks.push(chunk)
        const text = Buffer.concat(chunks).toString('utf8')
        const end = new RegExp(`\\n${marker} (\\d+)\\n`).exec(text)
        if (end === null) return
        finish(() => {
          child.stdout.end(text.slice(0, end.index))
          child.emit('close', Number(end[1]))
        })
      }
      const onExit = () => finish(() => child.emit('error', new Error('the helper shell ended')))
      current.stdout!.on('data', onData)
      current.once('exit', onExit)
      const line = [command, ...args].map(shellQuote).join(' ')
      current.stdin!.write(`${line} </dev/null 2>/dev/null; printf '\\n%s %d\\n' ${marker} $?\n`)
    })

  return {
    spawn(command, args) {
      const child = Object.assign(new EventEmitter(), { stdout: new PassThrough() })
      queue = queue.then(() => runOne(command, args, child))
      return child
    },
    dispose() {
      shell?.kill()
      shell = undefined
    },
  }
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`
}
