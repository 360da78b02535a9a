import { ProjectErrorCode } from '../../../../src/shared/api/project'
/**
 * A fuzzer for damaged project folders with a fixed seed: a small project (manifest, sample index, values
 * files, design) is copied and damaged — cut short, given wrong types, a byte-order mark, a newer version, a
 * folder or a pipe where a file belongs, a file where a folder belongs — and then opened and used as the
 * studio would (open, list, read every sample, the design, add a sample). Every refusal must be a clear
 * `MoteError` (never an internal "Unexpected error"), damage must be named as damage ("damaged", "newer"),
 * and once damage is reported nothing in the project may have been overwritten or deleted.
 */
import { execFileSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RpcErrorCode, isMoteFailure } from '../../../../src/shared/errors'
import { createRng, type Rng } from '../../../../src/core/train/random'
import { DatasetService } from '../../../../src/main/services/dataset/dataset-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { DesignService } from '../../../../src/main/services/train/design-service'
import { projectWithDataset, snapshotTree, wave } from './project-fixtures'

const SEED = 0x00d4_a6ed
const RANDOM_MUTANTS = 240
const JSON_FILES = ['mote.json', 'data/index.json', 'design.json'] as const
const FOLDERS = ['data', 'data/samples', 'models'] as const

type Damage = (dir: string, rng: Rng) => Promise<void>
interface Case {
  readonly name: string
  readonly path: string
  readonly damage: Damage
  /** What the outcome must be: refused as damaged, refused as newer, or accepted as it is. */
  readonly expect?: 'damaged' | 'newer' | 'accepted'
}

const editText = (path: string, edit: (text: string, rng: Rng) => string): Damage => {
  return async (dir, rng) => writeFile(join(dir, path), edit(await readFile(join(dir, path), 'utf8'), rng))
}

/** Replaces one value somewhere in the JSON tree with a value of another type. */
function wrongType(text: string, rng: Rng): string {
  const root: unknown = JSON.parse(text)
  const replacements = [null, 'text', -1, 1e308, true, [], {}, 'x'.repeat(600), [1, 2, 3]]
  const nodes: { parent: Record<string, unknown>; key: string }[] = []
  const visit = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return
    for (const [key, child] of Object.entries(value)) {
      nodes.push({ parent: value as Record<string, unknown>, key })
      visit(child)
    }
  }
  visit(root)
  const { parent, key } = nodes[rng.int(0, nodes.length - 1)]!
  const current = JSON.stringify(parent[key])
  const others = replacements.filter((r) => JSON.stringify(r) !== current && typeof r !== typeof parent[key])
  parent[key] = others[rng.int(0, others.length - 1)]
  return JSON.stringify(root, null, 2)
}

function systematicCases(valuesFile: string): Case[] {
  const cases: Case[] = []
  for (const path of JSON_FILES) {
    cases.push({
      name: 'byte-order mark',
      path,
      damage: editText(path, (t) => '\uFEFF' + t),
      expect: 'accepted',
    })
    cases.push({ name: 'empty', path, damage: editText(path, () => ''), expect: 'damaged' })
    cases.push(
      replaced('a folder in its place', path, (full) => mkdir(join(full, 'inside'), { recursive: true })),
    )
    if (process.platform === 'linux')
      cases.push(replaced('a pipe in its place', path, async (full) => void execFileSync('mkfifo', [full])))
  }
  const versioned = [
    { path: 'mote.json', key: 'schemaVersion', versions: [2, 3, 17, 1000] },
    { path: 'data/index.json', key: 'version', versions: [2, 9, 250] },
  ]
  for (const { path, key, versions } of versioned)
    for (const version of versions)
      cases.push({
        name: `${key} ${version}`,
        path,
        expect: 'newer',
        damage: editText(path, (t) => t.replace(`"${key}": 1`, `"${key}": ${version}`)),
      })
  for (const folder of FOLDERS)
    cases.push(replaced('a file in its place', folder, (full) => writeFile(full, 'not a folder')))
  cases.push(replaced('a folder in its place', valuesFile, (full) => mkdir(full)))
  return cases
}

/** A case that removes `path` and puts something else there with `make`: must be reported as damage. */
function replaced(name: string, path: string, make: (full: string) => Promise<unknown>): Case {
  return {
    name,
    path,
    expect: 'damaged',
    damage: async (dir) => {
      await rm(join(dir, path), { recursive: true })
      await make(join(dir, path))
    },
  }
}

function randomCase(rng: Rng, valuesFile: string, index: number): Case {
  const path = [...JSON_FILES, valuesFile][index % 4]!
  const kind = rng.int(0, 3)
  if (path === valuesFile)
    return {
      name: 'values cut short',
      path,
      expect: 'damaged',
      damage: async (dir, r) => {
        const bytes = await readFile(join(dir, path))
        await writeFile(join(dir, path), bytes.subarray(0, r.int(0, bytes.length - 1)))
      },
    }
  if (kind === 0)
    return {
      name: 'cut short',
      path,
      expect: 'damaged',
      damage: editText(path, (t, r) => t.slice(0, r.int(0, t.trimEnd().length - 1))),
    }
  if (kind === 1) return { name: 'a value of the wrong type', path, damage: editText(path, wrongType) }
  if (kind === 2)
    return {
      name: 'a random byte',
      path,
      damage: editText(path, (t, r) => {
        const at = r.int(0, t.length - 1)
        return t.slice(0, at) + String.fromCharCode(r.int(0, 127)) + t.slice(at + 1)
      }),
    }
  return { name: 'text after the end', path, expect: 'damaged', damage: editText(path, (t) => t + '}{"x":') }
}

/** Opens the damaged project and uses it as the studio would; returns every failure it met. */
async function useProject(dir: string, configDir: string): Promise<unknown[]> {
  const project = new ProjectService({ fs: nodeFileSystem, configDir, appVersion: '0' })
  const dataset = new DatasetService({ project, fs: nodeFileSystem })
  const design = new DesignService(project)
  const errors: unknown[] = []
  /** Runs one step; false (and the error kept) when it failed. */
  const attempt = (work: () => Promise<unknown>): Promise<boolean> =>
    work().then(
      () => true,
      (error: unknown) => errors.push(error) < 0,
    )
  if (!(await attempt(() => project.open(dir)))) return errors
  await attempt(async () => {
    for (const meta of await dataset.list()) await attempt(() => dataset.read(meta.id))
  })
  await attempt(() => dataset.counts())
  await attempt(() => design.get())
  await attempt(() => dataset.add([wave('added')]))
  await project.close()
  return errors
}

interface Tally {
  tried: number
  accepted: number
  damaged: number
  newer: number
  /** Refused with another clear error (a design.json that does not validate says so in its own words). */
  otherClear: number
  failures: string[]
}

async function run(base: string, work: string, c: Case, rng: Rng, tally: Tally): Promise<void> {
  const dir = join(work, `case-${tally.tried}`)
  await cp(base, dir, { recursive: true })
  await c.damage(dir, rng)
  const before = await snapshotTree(dir)
  const errors = await useProject(dir, join(work, 'config'))
  const after = await snapshotTree(dir)
  tally.tried++
  const where = `${c.path}, ${c.name}`
  const codes = new Set(errors.map((e) => (isMoteFailure(e) ? e.code : RpcErrorCode.Internal)))
  for (const error of errors)
    if (
      !isMoteFailure(error) ||
      error.code === RpcErrorCode.Internal ||
      /Unexpected error/.test(error.message)
    )
      tally.failures.push(`${where}: not a clear error: ${String(error)}`)
  // Damage reported: the damaged entry is as it was, and nothing of the project is gone. (Other files may
  // change: damage in one values file does not stop a new sample from being added.)
  if (codes.has(ProjectErrorCode.Corrupt) || codes.has(ProjectErrorCode.TooNew)) {
    const touched = Object.keys(before).filter(
      (path) =>
        !(path in after) ||
        ((path === c.path || path.startsWith(`${c.path}/`)) && after[path] !== before[path]),
    )
    if (touched.length > 0)
      tally.failures.push(`${where}: reported damage, yet changed ${touched.join(', ')}`)
  }
  if (c.expect === 'accepted' && errors.length > 0)
    tally.failures.push(`${where}: should be accepted, got ${String(errors[0])}`)
  if (c.expect === 'damaged' && !codes.has(ProjectErrorCode.Corrupt))
    tally.failures.push(
      `${where}: should be reported damaged, got ${errors.map(String).join(' | ') || 'nothing'}`,
    )
  if (c.expect === 'newer' && !codes.has(ProjectErrorCode.TooNew))
    tally.failures.push(
      `${where}: should be reported newer, got ${errors.map(String).join(' | ') || 'nothing'}`,
    )
  if (errors.length === 0) tally.accepted++
  else if (codes.has(ProjectErrorCode.TooNew)) tally.newer++
  else if (codes.has(ProjectErrorCode.Corrupt)) tally.damaged++
  else tally.otherClear++
  await rm(dir, { recursive: true, force: true })
}

describe('damaged project folders (fixed seed)', () => {
  it('are refused with a clear damaged or newer message, and never overwritten', async () => {
    const setup = await projectWithDataset('mote-fuzz-base-')
    const samples = await setup.dataset.add([wave('idle', 200), wave('wave', 200), wave('idle', 200)])
    await new DesignService(setup.project).save((await new DesignService(setup.project).get()).suggested)
    await setup.project.close()
    const valuesFile = `data/samples/${samples[0]!.id}.f32`
    const work = await mkdtemp(join(tmpdir(), 'mote-fuzz-'))
    const rng = createRng(SEED)
    const tally: Tally = { tried: 0, accepted: 0, damaged: 0, newer: 0, otherClear: 0, failures: [] }
    for (const c of systematicCases(valuesFile)) await run(setup.dir, work, c, rng, tally)
    for (let i = 0; i < RANDOM_MUTANTS; i++)
      await run(setup.dir, work, randomCase(rng, valuesFile, i), rng, tally)
    console.log(
      `damaged-project fuzz: ${tally.tried} projects tried, ${tally.damaged} refused as damaged, ${tally.newer} ` +
        `as newer, ${tally.otherClear} with another clear error, ${tally.accepted} accepted as they were; ` +
        `${tally.failures.length} failed`,
    )
    expect(tally.failures).toEqual([])
    expect(tally.tried).toBeGreaterThan(RANDOM_MUTANTS)
  })
})
