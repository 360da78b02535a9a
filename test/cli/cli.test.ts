import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT, mote } from './cli-helpers'

let env: NodeJS.ProcessEnv
let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mote-cli-'))
  env = { MOTE_CONFIG_DIR: join(work, 'config') }
})

describe('the mote command', () => {
  it('prints help for every command and exits 0', async () => {
    for (const args of [
      ['--help'],
      ['project', '--help'],
      ['project', 'new', '--help'],
      ['serve', '--help'],
      ['doctor', '--help'],
    ]) {
      const r = await mote(args, env)
      expect(r.code, args.join(' ')).toBe(0)
      expect(r.stdout).toMatch(/Usage: mote/)
    }
  })

  it('prints the version of package.json for --version and -V', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    for (const flag of ['--version', '-V'])
      expect(await mote([flag], env)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('exits 2 on a usage error: unknown command, missing argument, bad option value', async () => {
    expect((await mote(['frobnicate'], env)).code).toBe(2)
    expect((await mote(['project', 'new'], env)).code).toBe(2)
    expect((await mote(['serve', '--port', 'lots'], env)).code).toBe(2)
    expect((await mote([], env)).code).toBe(2)
  })

  it('creates a project and shows it as JSON', async () => {
    const dir = join(work, 'gestures')
    const created = await mote(['project', 'new', dir, '--name', 'Gestures', '--json'], env)
    expect(created.code).toBe(0)
    expect(JSON.parse(created.stdout)).toMatchObject({ dir, name: 'Gestures', schemaVersion: 1 })
    const info = await mote(['project', 'info', dir, '--json'], env)
    expect(JSON.parse(info.stdout)).toMatchObject({ dir, name: 'Gestures' })
  })

  it('exits 1 with the service’s sentence when the project is missing, as text or as JSON', async () => {
    const r = await mote(['project', 'info', join(work, 'nope')], env)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/No project at .*nope: the folder does not exist\./)
    const j = await mote(['project', 'info', join(work, 'nope'), '--json'], env)
    expect(j.code).toBe(1)
    expect(JSON.parse(j.stdout).error).toMatchObject({ code: 2001 })
  })

  it('reports every external tool from doctor --json with found/version or an install hint', async () => {
    const r = await mote(['doctor', '--json'], env)
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as {
      tools: { id: string; found: boolean; version?: string; installHint?: string }[]
    }
    expect(report.tools.map((t) => t.id)).toEqual(
      expect.arrayContaining([
        'avr-gcc',
        'avr-size',
        'arm-none-eabi-gcc',
        'qemu-system-arm',
        'libsimavr',
        'chromium',
      ]),
    )
    for (const tool of report.tools) expect(tool.found ? true : Boolean(tool.installHint)).toBe(true)
  })
})
