import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mote } from '../../../cli/cli-helpers'

describe('mote import --label-column', () => {
  it('imports a table one sample per row by a column name, and refuses a column the table does not have', async () => {
    const work = await mkdtemp(join(tmpdir(), 'mote-cli-table-'))
    const env = { MOTE_CONFIG_DIR: join(work, 'cfg') }
    const project = join(work, 'p')
    expect((await mote(['project', 'new', project], env)).code).toBe(0)
    const rows = Array.from({ length: 10 }, (_, i) => `${i},${i % 2 ? 'odd' : 'even'},${-i}`)
    await writeFile(join(work, 'numbers.csv'), `n,parity,minus\n${rows.join('\n')}\n`)

    const missing = await mote(
      ['import', join(work, 'numbers.csv'), '--project', project, '--label-column', 'kind'],
      env,
    )
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain(
      'there is no label column "kind"; the first line has "n", "parity", "minus"',
    )

    const imported = await mote(
      ['import', join(work, 'numbers.csv'), '--project', project, '--label-column', 'parity', '--json'],
      env,
    )
    expect(imported.code).toBe(0)
    const added = JSON.parse(imported.stdout).added as {
      label: string
      length: number
      axes: { name: string }[]
    }[]
    expect(added).toHaveLength(10)
    expect(added[3]).toMatchObject({ label: 'odd', length: 1, axes: [{ name: 'n' }, { name: 'minus' }] })
    const counts = await mote(['dataset', '--project', project], env)
    expect(counts.stdout).toMatch(/even\s+4\s+1\s+5/)
    expect(counts.stdout).toMatch(/odd\s+4\s+1\s+5/)
  }, 120_000)
})
