import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mote } from '../../../cli/cli-helpers'
import { openPtyPair, startScriptedBoard } from './pty-pair'

const cleanups: (() => unknown)[] = []
afterAll(async () => {
  for (const c of cleanups) await c()
})

describe('mote capture', () => {
  it('records a labelled sample from a board on a serial port into a project', async () => {
    const work = await mkdtemp(join(tmpdir(), 'mote-cli-capture-'))
    const env = { MOTE_CONFIG_DIR: join(work, 'cfg') }
    const project = join(work, 'p')
    expect((await mote(['project', 'new', project], env)).code).toBe(0)
    const pty = await openPtyPair()
    cleanups.push(() => pty.close())
    const board = startScriptedBoard(pty.board, { rateHz: 200, axes: 3, lines: 1_000_000, banner: 'hello' })
    cleanups.push(() => board.kill('SIGTERM'))
    const run = await mote(
      [
        'capture',
        '--port',
        pty.host,
        '--label',
        'wave',
        '--seconds',
        '2',
        '--project',
        project,
        '--axes',
        'accX:g,accY:g,accZ:g',
        '--json',
      ],
      env,
    )
    expect(run.code).toBe(0)
    const status = JSON.parse(run.stdout)
    expect(status.sample).toMatchObject({
      label: 'wave',
      axes: [
        { name: 'accX', unit: 'g' },
        { name: 'accY', unit: 'g' },
        { name: 'accZ', unit: 'g' },
      ],
    })
    // The rate is measured (within 1 %); the sample holds seconds × the rate found at detection.
    expect(Math.abs(status.sample.rateHz - 200) / 200).toBeLessThan(0.01)
    expect(Math.abs(status.sample.length - 2 * status.sample.rateHz)).toBeLessThanOrEqual(4)
    const counts = JSON.parse((await mote(['dataset', '--project', project, '--json'], env)).stdout)
    expect(counts.total).toBe(1)
    const human = await mote(
      ['capture', '--port', join(work, 'nope'), '--label', 'x', '--seconds', '1', '--project', project],
      env,
    )
    expect(human.code).toBe(1)
    expect(human.stderr).toMatch(/nope cannot be opened/)
  }, 60_000)
})
