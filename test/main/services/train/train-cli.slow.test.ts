import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { mote } from '../../../cli/cli-helpers'

let work: string
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mote-cli-train-'))
  env = { MOTE_CONFIG_DIR: join(work, 'config') }
})

describe('mote demo, mote train and mote eval', () => {
  it('creates the gestures demo, trains it with progress on stderr, and prints the metrics', async () => {
    const dir = join(work, 'gestures')
    const created = await mote(['demo', 'create', 'gestures', dir, '--json'], env)
    expect(created.code, created.stderr).toBe(0)
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'Gestures demo', dir })
    const trained = await mote(['train', '--project', dir, '--epochs', '6'], env)
    expect(trained.code, trained.stderr).toBe(0)
    expect(trained.stderr).toMatch(/Epoch 1\/6: loss [\d.]+, accuracy [\d.]+%, val loss/)
    expect(trained.stderr).toMatch(/Epoch 6\/6/)
    expect(trained.stdout).toMatch(/test\s+accuracy (9\d|100)\.\d\d%, loss [\d.]+, 510 windows/)
    expect(trained.stdout).toMatch(/confusion \(rows: true, columns: predicted\)/)
    const json = await mote(['train', '--project', dir, '--epochs', '3', '--json'], env)
    expect(json.code, json.stderr).toBe(0)
    expect(json.stderr).toBe('')
    const out = JSON.parse(json.stdout)
    expect(out.metrics.history).toHaveLength(3)
    expect(out.metrics.test.confusion).toHaveLength(5)
    expect(await readdir(join(dir, out.model.path))).toContain('graph.json')
    const evaluated = await mote(['eval', '--project', dir, '--json'], env)
    expect(evaluated.code, evaluated.stderr).toBe(0)
    expect(JSON.parse(evaluated.stdout).metrics.test.count).toBe(510)
  }, 240_000)

  it('fails with the data check’s sentence on a project with no samples, and with a usage error on bad flags', async () => {
    const empty = join(work, 'empty')
    expect((await mote(['project', 'new', empty], env)).code).toBe(0)
    const noData = await mote(['train', '--project', empty], env)
    expect(noData.code).toBe(1)
    expect(noData.stderr).toMatch(
      /mote: The project has no samples\. Capture or import data first, or open a demo project\./,
    )
    const usage = await mote(['train', '--project', empty, '--epochs', 'many'], env)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/--epochs must be a whole number/)
    const noModel = await mote(['eval', '--project', empty], env)
    expect(noModel.code).toBe(1)
    expect(noModel.stderr).toMatch(/no trained model yet/)
  }, 120_000)

  it('creates the keywords demo with espeak-ng and sox', async () => {
    const dir = join(work, 'keywords')
    const created = await mote(['demo', 'create', 'keywords', dir], env)
    expect(created.code, created.stderr).toBe(0)
    expect(created.stderr).toMatch(/Synthesising clip 600 of 600/)
    expect((await readdir(join(dir, 'data', 'samples'))).filter((f) => f.endsWith('.f32'))).toHaveLength(600)
  }, 240_000)
})
