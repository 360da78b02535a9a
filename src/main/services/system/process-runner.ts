import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'

export interface RunOptions {
  readonly cwd?: string
  readonly env?: NodeJS.ProcessEnv
  /** Kill the process (SIGKILL) after this long; the result then has `timedOut: true`. */
  readonly timeoutMs?: number
  readonly signal?: AbortSignal
  /** Called with each chunk of output as it arrives, for live consoles. */
  readonly onStdout?: (text: string) => void
  readonly onStderr?: (text: string) => void
  readonly input?: string | Uint8Array
}

export interface RunResult {
  /** Exit code, or null when killed by a signal. */
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly timedOut: boolean
}

/**
 * How services start external programs (compilers, avrdude, QEMU), passed in through constructors
 * (DESIGN.md §7.4). `run` waits for the exit; `spawn` hands back the live process for long-running ones.
 */
export interface ProcessRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>
  spawn(command: string, args: readonly string[], options?: SpawnOptions): ChildProcess
}

export const nodeProcessRunner: ProcessRunner = {
  run(command, args, options = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(command, [...args], {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        signal: options.signal,
      })
      let stdout = ''
      let stderr = ''
      let timedOut = false
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true
              child.kill('SIGKILL')
            }, options.timeoutMs)
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        stdout += text
        options.onStdout?.(text)
      })
      child.stderr.setEncoding('utf8').on('data', (text: string) => {
        stderr += text
        options.onStderr?.(text)
      })
      child.on('error', (error) => {
        if (timer) clearTimeout(timer)
        reject(error)
      })
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer)
        resolve({ code, signal, stdout, stderr, timedOut })
      })
      if (options.input !== undefined) child.stdin.end(options.input)
      else child.stdin.end()
    })
  },
  spawn(command, args, options = {}) {
    return spawn(command, [...args], options)
  },
}
