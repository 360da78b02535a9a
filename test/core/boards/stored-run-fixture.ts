import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The stored test's figures: 91.7 ms DSP + 15.6 ms model on the virtual Uno (docs/firmware.md's run). */
export const STORED_DSP_MS = 91.7
export const STORED_MODEL_MS = 15.6
export const STORED_PORT = '/tmp/vb/uno/tty'

/**
 * Stores an on-device test of `variantId` on the virtual Uno in `projectDir` as a deployment stores it
 * (`deploy/<variant>/virtual-uno.json`, docs/firmware.md), for the calibration tests.
 */
export async function storeVirtualUnoTest(projectDir: string, variantId: string): Promise<string> {
  const dir = join(projectDir, 'deploy', variantId)
  await mkdir(dir, { recursive: true })
  const report = {
    format: 'mote-deploy-report',
    version: 1,
    createdAt: '2026-12-08T01:00:00Z',
    board: { id: 'virtual-uno', name: 'Virtual Uno (simavr)', port: STORED_PORT },
    variant: { id: variantId, name: 'int8 PTQ (fixture)' },
    test: { windows: 12, dspMs: { median: STORED_DSP_MS }, modelMs: { median: STORED_MODEL_MS } },
  }
  await writeFile(join(dir, 'virtual-uno.json'), JSON.stringify(report))
  return dir
}
