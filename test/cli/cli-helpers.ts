import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export const ROOT = join(import.meta.dirname, '../..')

export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `mote …` exactly as a user would (node bin/mote.mjs), with its own config folder. */
export function mote(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/mote.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t))
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Starts `mote serve --json` and resolves with its URL once it prints it. */
export function startServe(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; port: number; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/mote.mjs'), 'serve', '--json', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout += t
      try {
        const parsed = JSON.parse(stdout) as { url: string; port: number }
        resolve({ ...parsed, child })
      } catch {
        // not complete yet
      }
    })
    child.on('exit', (code) => reject(new Error(`mote serve exited with ${code}: ${stdout}`)))
  })
}
