import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseTuneState, type TuneState } from '../../src/core/tune/state'
import { mote, ROOT } from './cli-helpers'

let dir: string
let env: NodeJS.ProcessEnv
const TUNE = ['--board', 'uno', '--candidates', '3', '--epochs', '4', '--seed', '2']

async function storedState(project: string): Promise<TuneState | undefined> {
  try {
    return parseTuneState(JSON.parse(await readFile(join(project, 'tune.json'), 'utf8')))
  } catch {
    return undefined
  }
}

const finishedTrials = (state: TuneState | undefined) =>
  (state?.rungs ?? []).reduce((n, r) => n + Object.keys(r.results).length, 0)

/** Starts `mote tune` and kills it with SIGKILL once `trials` trials are stored; resolves with the stored state. */
function tuneUntilKilled(project: string, trials: number): Promise<TuneState> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/mote.mjs'), 'tune', '--project', project, ...TUNE],
      {
        cwd: ROOT,
        env,
        stdio: 'ignore',
      },
    )
    const poll = setInterval(() => {
      void storedState(project).then((state) => {
        if (finishedTrials(state) < trials) return
        clearInterval(poll)
        child.kill('SIGKILL')
        child.on('close', () => void storedState(project).then((s) => resolve(s!)))
      })
    }, 100)
    child.on('close', (code) => {
      if (code !== null) {
        clearInterval(poll)
        reject(new Error(`mote tune ended by itself (code ${code}) before it was killed`))
      }
    })
  })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mote-tune-'))
  env = { ...process.env, MOTE_CONFIG_DIR: join(dir, '.config') }
  const created = await mote(['demo', 'create', 'gestures', join(dir, 'gestures')], env)
  expect(created.code, created.stderr).toBe(0)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('mote tune', () => {
  it('resumes a search killed with SIGKILL without training its finished trials again', async () => {
    const project = join(dir, 'gestures')
    const killed = await tuneUntilKilled(project, 1)
    const before = finishedTrials(killed)
    expect(before).toBeGreaterThanOrEqual(1)
    expect(before).toBeLessThan(4)

    const resumed = await mote(['tune', '--project', project, ...TUNE], env)
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stderr).toContain(`Resuming the stored search: ${before} of 4 trials done.`)
    expect(resumed.stderr.match(/^Rung \d, c\d+/gm)).toHaveLength(4 - before)

    const final = (await storedState(project))!
    expect(final.finished).toBe(true)
    expect(final.candidates).toEqual(killed.candidates)
    for (const [id, result] of Object.entries(killed.rungs[0]!.results))
      expect(final.rungs[0]!.results[id]).toEqual(result) // the same seconds: not trained again
    expect(resumed.stdout).toMatch(/search {5}finished: 4 of 4 trials/)
    expect(resumed.stdout).toMatch(/^best {7}c\d+: /m)
  }, 240_000)

  it('refuses an unknown board with 18001 before it starts anything', async () => {
    const unknown = await mote(
      ['tune', '--project', join(dir, 'gestures'), '--board', 'uno-9', '--json'],
      env,
    )
    expect(unknown.code).toBe(1)
    expect(JSON.parse(unknown.stdout).error.code).toBe(18001)
  }, 60_000)
})
