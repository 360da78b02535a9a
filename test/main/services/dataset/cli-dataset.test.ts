import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exportSample } from '../../../../src/core/dataset/formats/sample-files'
import type { Sample } from '../../../../src/core/dataset/sample'
import { mote } from '../../../cli/cli-helpers'

function series(label: string, seed: number): Sample {
  const values = Float32Array.from({ length: 150 }, (_, i) => Math.fround(Math.sin(i * seed) * 10 ** (i % 5)))
  return {
    meta: {
      id: `s-cli-${seed}`,
      kind: 'timeseries',
      label,
      category: 'training',
      rateHz: 50,
      axes: [
        { name: 'x', unit: 'g' },
        { name: 'y', unit: '' },
        { name: 'z', unit: '' },
      ],
      length: 50,
      source: 't',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    values,
  }
}

async function valuesOf(project: string): Promise<Map<string, string>> {
  const index = JSON.parse(await readFile(join(project, 'data/index.json'), 'utf8')) as {
    samples: { id: string; label: string }[]
  }
  const out = new Map<string, string>()
  for (const s of index.samples)
    out.set(
      `${s.label}:${(await readFile(join(project, 'data/samples', `${s.id}.f32`))).toString('hex')}`,
      s.id,
    )
  return out
}

describe('mote import, mote dataset', () => {
  it('imports a folder, refuses a broken file by name and line, counts, exports and re-imports byte for byte', async () => {
    const work = await mkdtemp(join(tmpdir(), 'mote-cli-dataset-'))
    const env = { MOTE_CONFIG_DIR: join(work, 'cfg') }
    const seed = join(work, 'seed')
    await mkdir(seed)
    for (const [i, label] of ['wave', 'wave', 'idle', 'idle', 'idle'].entries()) {
      const f = exportSample(series(label, i + 1), 'csv')
      await writeFile(join(seed, f.name), f.bytes)
    }
    await writeFile(join(seed, 'notes.txt'), 'not data')
    const p1 = join(work, 'p1')
    expect((await mote(['project', 'new', p1], env)).code).toBe(0)

    await writeFile(join(work, 'idle.9.csv'), 'timestamp,x\n0,1\n20,oops\n')
    const broken = await mote(['import', seed, join(work, 'idle.9.csv'), '--project', p1], env)
    expect(broken.code).toBe(1)
    expect(broken.stderr).toContain('idle.9.csv, line 3: the value of x "oops" is not a number')
    expect(JSON.parse((await mote(['dataset', '--project', p1, '--json'], env)).stdout).total).toBe(0)

    const imported = await mote(['import', seed, '--project', p1, '--json'], env)
    expect(imported.code).toBe(0)
    expect(JSON.parse(imported.stdout).added).toHaveLength(5)
    const counts = await mote(['dataset', '--project', p1], env)
    expect(counts.stdout).toMatch(/idle\s+2\s+1\s+3\s+3\.0 s/)
    expect(counts.stdout).toMatch(/wave\s+2\s+0\s+2\s+2\.0 s/)

    const labels = JSON.parse((await mote(['dataset', '--project', p1, '--json'], env)).stdout).labels
    for (const format of ['csv', 'ei-json']) {
      const out = join(work, `out-${format}`)
      const exported = await mote(
        ['dataset', '--project', p1, '--export', out, '--format', format, '--json'],
        env,
      )
      expect(JSON.parse(exported.stdout).exported.samples).toBe(5)
      expect(
        (await readdir(join(out, 'training'))).length + (await readdir(join(out, 'testing'))).length,
      ).toBe(5)
      const p2 = join(work, `p2-${format}`)
      await mote(['project', 'new', p2], env)
      expect((await mote(['import', out, '--project', p2], env)).code).toBe(0)
      expect([...(await valuesOf(p2)).keys()].sort()).toEqual([...(await valuesOf(p1)).keys()].sort())
      const again = JSON.parse((await mote(['dataset', '--project', p2, '--json'], env)).stdout)
      expect(again.labels).toEqual(labels)
    }
    // Thirteen runs of the CLI, each a cold start of a few seconds on a busy machine.
  }, 240_000)
})
