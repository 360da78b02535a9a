import type { ChildProcess } from 'node:child_process'
import type { ProcessRunner } from '../system/process-runner'

/** A JSON object from a helper's stdout (one per line). */
export type JsonLine = Readonly<Record<string, unknown>>

export class ProcessExitedError extends Error {
  override name = 'ProcessExitedError'
  constructor(
    readonly code: number | null,
    readonly stderrTail: string,
  ) {
    super(`exited with ${code ?? 'a signal'}${stderrTail ? `: ${stderrTail}` : ''}`)
  }
}

interface Waiter {
  readonly match: (line: JsonLine) => boolean
  readonly resolve: (line: JsonLine) => void
  readonly reject: (error: Error) => void
  readonly timer: ReturnType<typeof setTimeout>
}

/**
 * A long-running helper (the simavr harness, the UART bridge) that takes line commands on stdin and
 * prints JSON lines on stdout. Waits have deadlines; the helper's exit rejects every waiter with its
 * stderr tail. `stop` sends SIGTERM, then SIGKILL if it has not exited after `killAfterMs`.
 */
export class LineProcess {
  private readonly waiters = new Set<Waiter>()
  private readonly listeners = new Set<(line: JsonLine) => void>()
  private stderrTail = ''
  private partial = ''
  private exit: ProcessExitedError | undefined
  private readonly exited: Promise<void>

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (text: string) => this.onStdout(text))
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-2000)
    })
    child.stdin?.on('error', () => undefined) // a dead helper's stdin: reported through the exit instead
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => this.finish(null, error.message, resolve))
      child.once('close', (code) => this.finish(code, '', resolve))
    })
  }

  static spawn(runner: ProcessRunner, command: string, args: readonly string[]): LineProcess {
    return new LineProcess(runner.spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] }))
  }

  get running(): boolean {
    return this.exit === undefined
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  onLine(listener: (line: JsonLine) => void): { dispose(): void } {
    this.listeners.add(listener)
    return { dispose: () => this.listeners.delete(listener) }
  }

  send(command: string): void {
    if (this.exit) throw this.exit
    this.child.stdin?.write(command + '\n')
  }

  /** The first line (from now on) for which `match` is true. */
  waitFor(match: (line: JsonLine) => boolean, timeoutMs: number, what: string): Promise<JsonLine> {
    if (this.exit) return Promise.reject(this.exit)
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter)
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))
        }, timeoutMs),
      }
      this.waiters.add(waiter)
    })
  }

  async stop(killAfterMs = 3000): Promise<void> {
    if (!this.exit) {
      this.child.kill('SIGTERM')
      const timer = setTimeout(() => this.child.kill('SIGKILL'), killAfterMs)
      await this.exited
      clearTimeout(timer)
    }
  }

  whenExited(): Promise<void> {
    return this.exited
  }

  private onStdout(text: string): void {
    const lines = (this.partial + text).split('\n')
    this.partial = lines.pop() ?? ''
    for (const raw of lines) {
      const line = parseJsonLine(raw)
      if (!line) continue
      for (const listener of this.listeners) listener(line)
      for (const waiter of [...this.waiters]) {
        if (!waiter.match(line)) continue
        this.waiters.delete(waiter)
        clearTimeout(waiter.timer)
        waiter.resolve(line)
      }
    }
  }

  private finish(code: number | null, extra: string, resolve: () => void): void {
    if (this.exit) return
    this.exit = new ProcessExitedError(
      code,
      (this.stderrTail + extra).trim().split('\n').slice(-3).join(' | '),
    )
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer)
      waiter.reject(this.exit)
    }
    this.waiters.clear()
    resolve()
  }
}

/** One stdout line as a JSON object, or undefined for anything else (a helper's stray text). */
export function parseJsonLine(raw: string): JsonLine | undefined {
  const text = raw.trim()
  if (!text.startsWith('{')) return undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonLine)
      : undefined
  } catch {
    return undefined
  }
}
