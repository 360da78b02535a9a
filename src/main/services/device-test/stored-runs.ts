import { join } from 'node:path'
import { z } from 'zod'
import { storedRunOf, type StoredRun } from '../../../core/boards/estimate-measurements'
import { boardIdSchema } from '../../../shared/api/devices'
import type { FileSystem } from '../system/file-system'

/**
 * The on-device tests stored in a project (`deploy/<variant>/<board>.json`, written by deploy-run.ts), as
 * the estimator's calibration points (docs/estimate.md "Calibration from real runs"). Only the fields
 * calibration reads are checked; a report that is not one (hand-edited, from a future version, half
 * written by another tool) is skipped, so that one bad file never hides the estimates.
 */

const median = z.object({ median: z.number().finite().positive() })
const storedReportSchema = z.object({
  format: z.literal('mote-deploy-report'),
  version: z.literal(1),
  createdAt: z.string().min(1).max(64),
  board: z.object({ id: boardIdSchema, name: z.string().max(200), port: z.string().max(512) }),
  variant: z.object({ id: z.string().min(1).max(80), name: z.string().max(200) }),
  test: z.object({ windows: z.number().int().min(0), dspMs: median, modelMs: median }).optional(),
})

/** Every stored run with a test, oldest first; none when the project has not been deployed. */
export async function readStoredRuns(fs: FileSystem, projectDir: string): Promise<StoredRun[]> {
  const root = join(projectDir, 'deploy')
  const runs: StoredRun[] = []
  for (const variant of await namesIn(fs, root)) {
    for (const file of (await namesIn(fs, join(root, variant))).filter((n) => n.endsWith('.json'))) {
      const run = await readRun(fs, join(root, variant, file))
      if (run) runs.push(run)
    }
  }
  return runs.sort((a, b) => a.at.localeCompare(b.at))
}

async function namesIn(fs: FileSystem, dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort()
  } catch {
    return []
  }
}

async function readRun(fs: FileSystem, path: string): Promise<StoredRun | undefined> {
  try {
    const parsed = storedReportSchema.safeParse(JSON.parse(await fs.readFile(path, 'utf8')))
    return parsed.success ? storedRunOf(parsed.data) : undefined
  } catch {
    return undefined
  }
}
