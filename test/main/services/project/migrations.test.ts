import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  MIGRATIONS,
  migrateManifest,
  type ManifestJson,
  type Migration,
} from '../../../../src/main/services/project/migrations'
import { z } from 'zod'
import { CURRENT_SCHEMA_VERSION, manifestSchema } from '../../../../src/main/services/project/manifest'
import { openManifest } from '../../../../src/main/services/project/open-project'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'

// A made-up history for testing the mechanism: format 1 had `title`; 2 renamed it `name`; 3 added `tags`.
const history: Record<number, Migration> = {
  1: ({ title, ...rest }) => ({ ...rest, name: title, schemaVersion: 2 }),
  2: (m) => ({ ...m, tags: [], schemaVersion: 3 }),
}

describe('migrateManifest', () => {
  it('applies each step in order from the file version to the target', () => {
    expect(migrateManifest({ schemaVersion: 1, title: 'T' }, 3, history)).toEqual({
      schemaVersion: 3,
      name: 'T',
      tags: [],
    })
    expect(migrateManifest({ schemaVersion: 2, name: 'N' }, 3, history)).toEqual({
      schemaVersion: 3,
      name: 'N',
      tags: [],
    })
  })

  it('leaves a current manifest alone', () => {
    const m = { schemaVersion: 3, name: 'x' }
    expect(migrateManifest(m, 3, history)).toBe(m)
  })

  it('fails when a step is missing or does not advance the version by exactly one', () => {
    expect(() => migrateManifest({ schemaVersion: 1 }, 3, { 2: history[2]! })).toThrow(
      /no migration from project format 1/,
    )
    expect(() =>
      migrateManifest({ schemaVersion: 1 }, 3, { 1: (m) => ({ ...m, schemaVersion: 3 }) }),
    ).toThrow(/produced format 3/)
  })

  it('has a real migration for every format older than the current one', () => {
    for (let v = 1; v < CURRENT_SCHEMA_VERSION; v++) expect(MIGRATIONS[v]).toBeTypeOf('function')
  })
})

describe('opening an older project', () => {
  const v1 = {
    format: 'mote-project',
    schemaVersion: 1,
    id: 'abc',
    title: 'Old project',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdWith: '0.0.1',
  }
  // A pretend format 2 whose only change is `title` → `name`.
  const format2 = {
    currentVersion: 2,
    schema: manifestSchema.extend({ schemaVersion: z.literal(2) }) as unknown as typeof manifestSchema,
    migrations: { 1: ({ title, ...rest }: ManifestJson) => ({ ...rest, name: title, schemaVersion: 2 }) },
  }

  it('migrates it, writes the new manifest, keeps the original as a backup and reports the old version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-migrate-'))
    const original = JSON.stringify(v1)
    await writeFile(join(dir, 'mote.json'), original)
    const opened = await openManifest(nodeFileSystem, dir, format2)
    expect(opened.migratedFrom).toBe(1)
    expect(opened.manifest).toMatchObject({ name: 'Old project', schemaVersion: 2 })
    expect(await readFile(join(dir, 'mote.json.v1.bak'), 'utf8')).toBe(original)
    expect(JSON.parse(await readFile(join(dir, 'mote.json'), 'utf8'))).toMatchObject({
      name: 'Old project',
      schemaVersion: 2,
    })
    expect(JSON.parse(await readFile(join(dir, 'mote.json'), 'utf8'))).not.toHaveProperty('title')
  })

  it('writes nothing when the migrated manifest does not validate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-migrate-'))
    const original = JSON.stringify({ ...v1, title: '' })
    await writeFile(join(dir, 'mote.json'), original)
    await expect(openManifest(nodeFileSystem, dir, format2)).rejects.toThrow(/damaged.*name/)
    expect(await readFile(join(dir, 'mote.json'), 'utf8')).toBe(original)
    await expect(readFile(join(dir, 'mote.json.v1.bak'), 'utf8')).rejects.toThrow()
  })
})
