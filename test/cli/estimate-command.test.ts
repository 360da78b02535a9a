import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { BOARDS } from '../../src/core/boards/catalog'
import { FIXTURE_VARIANT, gesturesDeployProject } from '../main/services/device-test/deploy-project'
import {
  STORED_DSP_MS,
  STORED_MODEL_MS,
  STORED_PORT,
  storeVirtualUnoTest,
} from '../core/boards/stored-run-fixture'
import { mote } from './cli-helpers'

let env: NodeJS.ProcessEnv
let project: string
beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'mote-estimate-'))
  env = { MOTE_CONFIG_DIR: join(work, 'config') }
  project = join(work, 'gestures')
  const created = await mote(['demo', 'create', 'gestures', project], env)
  expect(created.code, created.stderr).toBe(0)
}, 120_000)

interface JsonEstimate {
  boardId: string
  fits: boolean
  problems: string[]
  latency: { totalMs: number; kind: string }
  memory: { ram: { usedBytes: number; limitBytes: number } }
  energy?: { microjoulesPerInference: number; batteries: { battery: string; hours: number }[] }
}

describe('mote estimate', () => {
  it('prints every board’s estimate as JSON: the gestures demo fits the Uno, as its real build does', async () => {
    const r = await mote(['estimate', '--project', project, '--json'], env)
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { estimates: JsonEstimate[]; inferencesPerSecond: number }
    expect(out.inferencesPerSecond).toBe(2)
    expect(out.estimates.map((e) => e.boardId)).toEqual(BOARDS.map((b) => b.id))
    const uno = out.estimates.find((e) => e.boardId === 'uno')!
    // The Deploy step's build: 27,338 B of flash, 1,660 B of static RAM + a 366 B stack (docs/estimate.md).
    expect(uno.fits).toBe(true)
    expect(uno.problems).toEqual([])
    expect(uno.memory.ram.usedBytes).toBeLessThanOrEqual(uno.memory.ram.limitBytes)
    expect(Math.abs(uno.memory.ram.usedBytes / (1660 + 366) - 1)).toBeLessThan(0.1)
    const ble = out.estimates.find((e) => e.boardId === 'nano33ble-sense')!
    expect(ble.fits).toBe(true)
    expect(ble.latency.kind).toBe('estimated')
    expect(ble.energy!.batteries.map((b) => b.battery)).toEqual(['cr2032', 'aa2', 'lipo500'])
  }, 120_000)

  it('prints one board as a table at the rate asked for, and refuses an unknown board or a bad rate', async () => {
    const r = await mote(['estimate', '--project', project, '--board', 'pico', '--rate', '10'], env)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/10\.00 inferences\/s/)
    expect(r.stdout).toMatch(/^pico\s+fits\s/m)
    expect(r.stdout).not.toMatch(/^uno/m)
    const unknown = await mote(['estimate', '--project', project, '--board', 'teensy'], env)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/Unknown board "teensy"/)
    const rate = await mote(['estimate', '--project', project, '--rate', '-1'], env)
    expect(rate.code).toBe(2)
    expect(rate.stderr).toMatch(/--rate must be a positive number/)
  }, 120_000)
})

describe('mote estimate with on-device tests stored in the project', () => {
  it('calibrates the boards a stored test ran on, and skips a report that is not one', async () => {
    const dir = await gesturesDeployProject()
    const reports = await storeVirtualUnoTest(dir, FIXTURE_VARIANT)
    await writeFile(join(reports, 'uno.json'), '{"format": "mote-deploy-report", "version": 1, "test":')
    const r = await mote(['estimate', '--project', dir, '--variant', FIXTURE_VARIANT, '--json'], env)
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { estimates: JsonEstimate[] }
    const vuno = out.estimates.find((e) => e.boardId === 'virtual-uno')!
    expect(vuno.latency.kind).toBe('calibrated')
    expect(vuno.latency.totalMs).toBeCloseTo(STORED_DSP_MS + STORED_MODEL_MS, 6)
    expect(out.estimates.find((e) => e.boardId === 'uno')!.latency.kind).toBe('estimated')
    const table = await mote(['estimate', '--project', dir, '--variant', FIXTURE_VARIANT], env)
    expect(table.stdout).toMatch(/^virtual-uno\s+fits .* 107 ms\s+calibrated/m)
    expect(table.stdout).toContain(`measured on Virtual Uno (simavr) (${STORED_PORT})`)
  }, 120_000)
})
