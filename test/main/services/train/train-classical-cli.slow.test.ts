import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mote } from '../../../cli/cli-helpers'

describe('mote train with a classical learner in the design', () => {
  it('trains the learner on the design’s features, prints its accuracy and sizes, and stores the model with its C', async () => {
    const work = await mkdtemp(join(tmpdir(), 'mote-cli-classical-'))
    const env = { MOTE_CONFIG_DIR: join(work, 'config') }
    const dir = join(work, 'gestures')
    expect((await mote(['demo', 'create', 'gestures', dir], env)).code).toBe(0)
    const designFile = join(dir, 'design.json')
    const design = JSON.parse(await readFile(designFile, 'utf8')) as Record<string, unknown>
    await writeFile(
      designFile,
      JSON.stringify({ ...design, learner: { kind: 'forest', params: { trees: 8 } } }),
    )
    const trained = await mote(['train', '--project', dir, '--json'], env)
    expect(trained.code, trained.stderr).toBe(0)
    const out = JSON.parse(trained.stdout) as {
      classical: { kind: string; testAccuracy: { fixed: number }; size: { fixed: { flashBytes: number } } }
    }
    expect(out.classical.kind).toBe('forest')
    expect(out.classical.testAccuracy.fixed).toBeGreaterThan(0.8)
    expect(out.classical.size.fixed.flashBytes).toBeGreaterThan(0)
    expect((await readdir(join(dir, 'classical', 'forest'))).sort()).toEqual([
      'design.json',
      'forest_fixed.c',
      'forest_fixed.h',
      'forest_float.c',
      'forest_float.h',
      'metrics.json',
      'model.json',
    ])
    const human = await mote(['train', '--project', dir], env)
    expect(human.stdout).toMatch(/test\s+accuracy \d+\.\d\d% fixed point, \d+\.\d\d% float/)
  }, 240_000)

  it('refuses a design whose learner settings are out of range, naming them', async () => {
    const work = await mkdtemp(join(tmpdir(), 'mote-cli-classical-'))
    const env = { MOTE_CONFIG_DIR: join(work, 'config') }
    const dir = join(work, 'gestures')
    expect((await mote(['demo', 'create', 'gestures', dir], env)).code).toBe(0)
    const designFile = join(dir, 'design.json')
    const design = JSON.parse(await readFile(designFile, 'utf8')) as Record<string, unknown>
    await writeFile(
      designFile,
      JSON.stringify({ ...design, learner: { kind: 'cart', params: { maxDepth: 0 } } }),
    )
    const trained = await mote(['train', '--project', dir], env)
    expect(trained.code).toBe(1)
    expect(trained.stderr).toMatch(/learner is invalid: The cart settings are not valid: maxDepth/)
  }, 120_000)
})
