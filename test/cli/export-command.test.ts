import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createExportProject, type ExportProject } from '../main/services/export/export-project'
import { describeExport } from '../../src/cli/commands/export-run'
import type { ExportResult } from '../../src/shared/api/export'
import { mote } from './cli-helpers'

describe('mote export', () => {
  let fixture: ExportProject
  const env = () => ({ MOTE_CONFIG_DIR: join(dirname(fixture.dir), 'cli-config') })

  beforeAll(async () => {
    fixture = await createExportProject()
    await fixture.project.close()
  }, 60_000)

  afterAll(async () => {
    await fixture?.project.close()
  })

  it('writes an Arduino library for the Uno and says what it holds, as JSON', async () => {
    const out = join(dirname(fixture.dir), 'lib.zip')
    const json = await mote(
      ['export', '--project', fixture.dir, '--format', 'arduino', '--out', out, '--json'],
      env(),
    )
    expect(json.code, json.stderr).toBe(0)
    const result = JSON.parse(json.stdout) as ExportResult
    expect(result.bytes).toBe((await readFile(out)).length)
    expect(result.files).toContain('Mote_Wrist_gestures/library.properties')
    // The same result for a person.
    const human = describeExport(result)
    expect(human).toMatch(/^Wrote .*lib\.zip \(\d+ B, variant v-test-1, board uno\)\./)
    expect(human).toContain('Features: fixed build')
  }, 60_000)

  it('refuses an unknown format as a usage error', async () => {
    const usage = await mote(['export', '--project', fixture.dir, '--format', 'zip', '--out', 'x.zip'], env())
    expect([usage.code, usage.stderr]).toEqual([
      2,
      expect.stringContaining('--format must be one of c, arduino, tflite, firmware'),
    ])
  }, 60_000)

  it('says how to install arduino-cli when asked to build the example without it (17009)', async () => {
    const out = join(dirname(fixture.dir), 'pico.zip')
    const args = ['export', '--project', fixture.dir, '--format', 'arduino', '--board', 'pico', '--out', out]
    const result = await mote([...args, '--build-example', '--json'], { ...env(), PATH: '/nonexistent' })
    expect(result.code).toBe(1)
    const { error } = JSON.parse(result.stdout) as { error: { code: number; message: string } }
    expect(error.code).toBe(17009)
    expect(error.message).toContain('arduino-cli core install arduino:mbed_rp2040')
  }, 60_000)
})
