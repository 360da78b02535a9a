import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { mote } from './cli-helpers'

/** `mote deploy`'s arguments; the deployment itself is tested in test/main/services/device-test/deploy.slow.test.ts. */
let env: NodeJS.ProcessEnv
let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mote-cli-deploy-'))
  env = { MOTE_CONFIG_DIR: join(work, 'config') }
})

describe('mote deploy', () => {
  it('needs a port for a real board, and says where to find one', async () => {
    const r = await mote(['deploy', '--project', work, '--board', 'uno'], env)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--port/)
  })

  it('refuses a window count that is not a whole number', async () => {
    const r = await mote(
      ['deploy', '--project', work, '--board', 'uno', '--port', '/dev/null', '--windows', '-3'],
      env,
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/whole number/)
  })

  it('says in JSON which boards its firmware runs on when given another', async () => {
    const r = await mote(
      ['deploy', '--project', work, '--board', 'pico', '--port', '/dev/null', '--json'],
      env,
    )
    expect(r.code).not.toBe(0)
    expect(JSON.parse(r.stdout || r.stderr)).toMatchObject({ error: { code: 16101 } })
  })
})
