import { ProjectErrorCode } from '../../../../src/shared/api/project'
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type MoteFailure } from '../../../../src/shared/errors'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { CURRENT_SCHEMA_VERSION } from '../../../../src/main/services/project/manifest'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'mote-project-'))
  const service = new ProjectService({
    fs: nodeFileSystem,
    configDir: join(root, 'config'),
    appVersion: '9.9.9',
  })
  return { root, service }
}

async function failure(promise: Promise<unknown>): Promise<MoteFailure> {
  try {
    await promise
  } catch (error) {
    return error as MoteFailure
  }
  throw new Error('expected a failure')
}

describe('ProjectService', () => {
  it('creates a project folder with a manifest and the data, models and builds folders', async () => {
    const { root, service } = await setup()
    const dir = join(root, 'gestures')
    const summary = await service.create({ dir, name: 'Gestures' })
    expect(summary).toMatchObject({ dir, name: 'Gestures', schemaVersion: CURRENT_SCHEMA_VERSION })
    expect((await readdir(dir)).sort()).toEqual(['builds', 'data', 'models', 'mote.json'])
    const manifest = JSON.parse(await readFile(join(dir, 'mote.json'), 'utf8'))
    expect(manifest).toMatchObject({ format: 'mote-project', name: 'Gestures', createdWith: '9.9.9' })
    expect(await service.current()).toEqual(summary)
  })

  it('refuses to create a project in a folder that already holds one, or holds other files', async () => {
    const { root, service } = await setup()
    const dir = join(root, 'p')
    await service.create({ dir, name: 'P' })
    expect((await failure(service.create({ dir, name: 'Again' }))).code).toBe(ProjectErrorCode.Exists)
    const busy = join(root, 'busy')
    await mkdir(busy)
    await writeFile(join(busy, 'notes.txt'), 'mine')
    const error = await failure(service.create({ dir: busy, name: 'X' }))
    expect(error.message).toMatch(/is not empty/)
    expect(await readFile(join(busy, 'notes.txt'), 'utf8')).toBe('mine')
  })

  it('opens an existing project and remembers it in the recent list, newest first', async () => {
    const { root, service } = await setup()
    await service.create({ dir: join(root, 'a'), name: 'A' })
    await service.create({ dir: join(root, 'b'), name: 'B' })
    await service.open(join(root, 'a'))
    const recent = await service.recent()
    expect(recent.map((r) => r.name)).toEqual(['A', 'B'])
    expect(recent.every((r) => r.exists)).toBe(true)
  })

  it('marks recent projects whose folder is gone instead of dropping them silently', async () => {
    const { root, service } = await setup()
    const dir = join(root, 'gone')
    await service.create({ dir, name: 'Gone' })
    await nodeFileSystem.rm(dir, { recursive: true })
    expect(await service.recent()).toMatchObject([{ name: 'Gone', exists: false }])
  })

  it('renames the project in the manifest and announces the change', async () => {
    const { root, service } = await setup()
    const dir = join(root, 'r')
    await service.create({ dir, name: 'Old' })
    const names: (string | undefined)[] = []
    service.onDidChange((s) => names.push(s?.name))
    const renamed = await service.rename('New name')
    expect(renamed.name).toBe('New name')
    expect(JSON.parse(await readFile(join(dir, 'mote.json'), 'utf8')).name).toBe('New name')
    expect(names).toEqual(['New name'])
    await service.close()
    expect(names).toEqual(['New name', undefined])
    expect(await service.current()).toBeNull()
  })

  it('says clearly that a folder is missing or is not a project', async () => {
    const { root, service } = await setup()
    const missing = await failure(service.open(join(root, 'nope')))
    expect(missing).toMatchObject({ code: ProjectErrorCode.NotFound })
    expect(missing.message).toMatch(/does not exist/)
    await mkdir(join(root, 'plain'))
    const plain = await failure(service.open(join(root, 'plain')))
    expect(plain.message).toMatch(/is not a Mote project/)
  })

  it('reports a damaged manifest with the line of the damage and never rewrites it', async () => {
    const { root, service } = await setup()
    const dir = join(root, 'broken')
    await service.create({ dir, name: 'Broken' })
    const damaged = '{\n  "format": "mote-project",\n  "schemaVersion": 1,\n  "name": oops\n}\n'
    await writeFile(join(dir, 'mote.json'), damaged)
    const error = await failure(service.open(dir))
    expect(error.code).toBe(ProjectErrorCode.Corrupt)
    expect(error.message).toMatch(/line 4/)
    expect(await readFile(join(dir, 'mote.json'), 'utf8')).toBe(damaged)
  })

  it('reports a manifest with a wrong field as damaged, naming the field', async () => {
    const { root, service } = await setup()
    const dir = join(root, 'wrong')
    await service.create({ dir, name: 'Wrong' })
    const manifest = JSON.parse(await readFile(join(dir, 'mote.json'), 'utf8'))
    const text = JSON.stringify({ ...manifest, createdAt: 'yesterday' })
    await writeFile(join(dir, 'mote.json'), text)
    const error = await failure(service.open(dir))
    expect(error.code).toBe(ProjectErrorCode.Corrupt)
    expect(error.message).toMatch(/createdAt/)
    expect(await readFile(join(dir, 'mote.json'), 'utf8')).toBe(text)
  })

  it('refuses a manifest from a newer version without touching it', async () => {
    const { root, service } = await setup()
    const dir = join(root, 'future')
    await service.create({ dir, name: 'Future' })
    const manifest = JSON.parse(await readFile(join(dir, 'mote.json'), 'utf8'))
    const text = JSON.stringify({ ...manifest, schemaVersion: CURRENT_SCHEMA_VERSION + 5, newField: [1] })
    await writeFile(join(dir, 'mote.json'), text)
    const error = await failure(service.open(dir))
    expect(error.code).toBe(ProjectErrorCode.TooNew)
    expect(error.message).toMatch(/newer Mote Studio/)
    expect(await readFile(join(dir, 'mote.json'), 'utf8')).toBe(text)
  })

  it('keeps fields it does not know when it saves the manifest', async () => {
    const { root, service } = await setup()
    const dir = join(root, 'extra')
    await service.create({ dir, name: 'Extra' })
    const manifest = JSON.parse(await readFile(join(dir, 'mote.json'), 'utf8'))
    await writeFile(join(dir, 'mote.json'), JSON.stringify({ ...manifest, pluginData: { keep: true } }))
    await service.open(dir)
    await service.rename('Renamed')
    expect(JSON.parse(await readFile(join(dir, 'mote.json'), 'utf8'))).toMatchObject({
      name: 'Renamed',
      pluginData: { keep: true },
    })
  })

  it('keeps other services inside the project folder', async () => {
    const { root, service } = await setup()
    await service.create({ dir: join(root, 'safe'), name: 'Safe' })
    const store = service.store()
    for (const bad of ['../escape.json', '/etc/passwd', 'data/../../x']) {
      expect(() => store.resolve(bad)).toThrow(/outside the project folder/)
    }
    await store.writeJson('data/index.json', { ok: 1 })
    expect(JSON.parse(await readFile(join(root, 'safe/data/index.json'), 'utf8'))).toEqual({ ok: 1 })
  })

  it('serialises concurrent writes so that the last one wins whole', async () => {
    const { root, service } = await setup()
    await service.create({ dir: join(root, 'c'), name: 'C' })
    const store = service.store()
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.writeJson('data/x.json', { i, pad: 'x'.repeat(i * 100) })),
    )
    expect(JSON.parse(await readFile(join(root, 'c/data/x.json'), 'utf8')).i).toBe(19)
  })

  it('tells a caller with no open project what to do', async () => {
    const { service } = await setup()
    expect(() => service.store()).toThrow(/No project is open/)
    expect((await failure(service.rename('x'))).code).toBe(ProjectErrorCode.NoneOpen)
  })
})
