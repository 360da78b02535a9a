import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { mote } from './cli-helpers'

let env: NodeJS.ProcessEnv
let project: string
beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'mote-design-'))
  env = { MOTE_CONFIG_DIR: join(work, 'config') }
  project = join(work, 'gestures')
  const created = await mote(['demo', 'create', 'gestures', project], env)
  expect(created.code, created.stderr).toBe(0)
}, 120_000)

const stored = async () =>
  JSON.parse(await readFile(join(project, 'design.json'), 'utf8')) as {
    preset: string
    presetWidth: number
    training: { epochs: number; augmentation: { copies: number; rotationDeg: number } }
    model: { layers: { units?: number }[] }
  }

describe('mote design', () => {
  it('shows the design as a chain and as JSON', async () => {
    const human = await mote(['design', 'show', '--project', project], env)
    expect(human.code, human.stderr).toBe(0)
    expect(human.stdout).toMatch(/^features\s+spectral .* → \[\d+\]$/m)
    expect(human.stdout).toMatch(/^model\s+dense-mlp ×1: \d+ layers, \d+ parameters/m)
    const json = await mote(['design', 'show', '--project', project, '--json'], env)
    expect(JSON.parse(json.stdout).labels).toEqual(['circle', 'idle', 'shake', 'up-down', 'wave'])
  }, 60_000)

  it('sets fields by path and rebuilds a preset model, and refuses a bad value naming the field', async () => {
    const set = await mote(
      [
        'design',
        'set',
        '--project',
        project,
        'training.epochs=12',
        'training.augmentation.copies=2',
        'training.augmentation.rotationDeg=15',
        '--preset',
        'dense-mlp',
        '--width',
        '2',
      ],
      env,
    )
    expect(set.code, set.stderr).toBe(0)
    const d = await stored()
    expect(d.training.epochs).toBe(12)
    expect(d.training.augmentation).toMatchObject({ copies: 2, rotationDeg: 15 })
    expect(d.presetWidth).toBe(2)
    expect(d.preset).toBe('dense-mlp')
    expect(d.model.layers.at(-1)!.units).toBe(5)
    const bad = await mote(['design', 'set', '--project', project, 'training.epochs=0'], env)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/training\.epochs/)
    expect((await stored()).training.epochs).toBe(12)
    const nonsense = await mote(['design', 'set', '--project', project, 'epochs'], env)
    expect(nonsense.stderr).toMatch(/write path=value/)
  }, 60_000)

  it('suggests a design and saves it only when asked', async () => {
    const dry = await mote(['design', 'suggest', '--project', project], env)
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(/not saved; add --save/)
    expect((await stored()).training.epochs).toBe(12)
    const saved = await mote(['design', 'suggest', '--project', project, '--save'], env)
    expect(saved.code, saved.stderr).toBe(0)
    expect((await stored()).training.epochs).toBe(30)
  }, 60_000)
})
