/**
 * `mote compress --import FILE` and `--export ID --out FILE`, run as a user runs them: a .tflite comes into
 * a project as a variant and goes out again as a file that reads back to the same graph.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTflite } from '../../src/core/codegen/tflite/reader'
import { mlperfTinyBytes } from '../fixtures/mlperf-tiny'
import { ProjectService } from '../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../src/main/services/system/file-system'
import { mote } from './cli-helpers'

let work: string
let env: NodeJS.ProcessEnv
let project: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mote-cli-tflite-'))
  env = { MOTE_CONFIG_DIR: join(work, 'config') }
  project = join(work, 'project')
  await writeFile(join(work, 'kws.tflite'), mlperfTinyBytes('kws_ref_model.tflite'))
  const projects = new ProjectService({
    fs: nodeFileSystem,
    configDir: join(work, 'config'),
    appVersion: '0.1.0',
  })
  await projects.create({ dir: project, name: 'imports' })
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('mote compress with .tflite files', () => {
  it('imports a .tflite as a named variant and exports it to a file that reads back to the same graph', async () => {
    const imported = await mote(
      ['compress', '--project', project, '--import', join(work, 'kws.tflite'), '--name', 'KWS', '--json'],
      env,
    )
    expect(imported.code).toBe(0)
    const { variant } = JSON.parse(imported.stdout) as {
      variant: { id: string; name: string; method: string }
    }
    expect(variant).toMatchObject({ name: 'KWS', method: 'imported' })

    const out = join(work, 'out.tflite')
    const exported = await mote(['compress', '--project', project, '--export', variant.id, '--out', out], env)
    expect(exported.code).toBe(0)
    expect(exported.stdout).toContain(`Wrote ${variant.id} to ${out}`)
    expect(exported.stdout).toMatch(/KWS\s+—/)
    const usage = await mote(['compress', '--project', project, '--export', variant.id], env)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('--export <variant-id> and --out <file.tflite> go together')
    expect(readTflite(new Uint8Array(await readFile(out)))).toEqual(
      readTflite(mlperfTinyBytes('kws_ref_model.tflite')),
    )
  }, 180_000)
})
