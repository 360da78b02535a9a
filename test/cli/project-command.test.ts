import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, type CliResult } from './cli-helpers'

const onLinux = process.platform === 'linux' && existsSync('/proc/self')

/** `mote …` started in `cwd`, killed (and failed) if it has not ended after `limitMs`. */
function moteIn(cwd: string, args: readonly string[], limitMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/mote.mjs'), ...args], {
      cwd,
      env: { ...process.env, MOTE_CONFIG_DIR: join(cwd, '.config') },
    })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`mote ${args.join(' ')} did not end within ${limitMs / 1000} s`))
    }, limitMs)
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t))
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t))
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe('mote project', () => {
  it.runIf(onLinux)('ends with exit 1 and a sentence when the folder is under /proc', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'mote-cli-proc-'))
    const result = await moteIn(cwd, ['project', 'new', '/proc/self/x'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^mote: Could not create the project folder \/proc\/self\/x: /)
    expect(result.stderr).not.toMatch(/Unexpected error|\n\s+at /)
  })

  it('creates a relative folder under the folder it was started in, and shows the whole path', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'mote-cli-rel-'))
    const result = await moteIn(cwd, ['project', 'new', 'gestures', '--json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ dir: join(cwd, 'gestures'), name: 'gestures' })
    expect(JSON.parse(await readFile(join(cwd, 'gestures/mote.json'), 'utf8')).name).toBe('gestures')
    const info = await moteIn(cwd, ['project', 'info', 'gestures', '--json'])
    expect(JSON.parse(info.stdout)).toMatchObject({ dir: join(cwd, 'gestures') })
  })

  it('asks for --name when the folder name cannot be a project name, as a usage error', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'mote-cli-name-'))
    const result = await moteIn(cwd, ['project', 'new', join(cwd, 'x'), '--name', 'a'.repeat(121)])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--name: a project name has at most 120 characters/)
    expect(existsSync(join(cwd, 'x'))).toBe(false)
  })
})
