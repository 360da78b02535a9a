import { mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, SettingsService } from '../../../../src/main/services/settings/settings-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'mote-settings-'))
  return { dir, service: new SettingsService(nodeFileSystem, dir, () => new Date('2026-11-28T10:00:00Z')) }
}

describe('SettingsService', () => {
  it('gives defaults when there is no settings file yet', async () => {
    const { service } = await setup()
    expect(await service.get()).toEqual(DEFAULT_SETTINGS)
  })

  it('saves an update to disk, announces it, and reads it back in a new instance', async () => {
    const { dir, service } = await setup()
    const seen: string[] = []
    service.onDidChange((s) => seen.push(s.theme))
    await service.update({ theme: 'dark', locale: 'zh-CN' })
    expect(seen).toEqual(['dark'])
    const again = new SettingsService(nodeFileSystem, dir)
    expect(await again.get()).toMatchObject({ theme: 'dark', locale: 'zh-CN' })
  })

  it('keeps the valid fields of a file with one bad field', async () => {
    const { dir, service } = await setup()
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ theme: 'purple', locale: 'zh-CN', toolchainPaths: ['/opt/avr'] }),
    )
    expect(await service.get()).toEqual({
      ...DEFAULT_SETTINGS,
      locale: 'zh-CN',
      toolchainPaths: ['/opt/avr'],
    })
  })

  it('moves a damaged settings file aside instead of losing or overwriting it', async () => {
    const { dir, service } = await setup()
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'settings.json'), '{ "theme": "dark", ')
    expect(await service.get()).toEqual(DEFAULT_SETTINGS)
    const files = await readdir(dir)
    const kept = files.find((f) => f.startsWith('settings.json.damaged-'))
    expect(kept).toBeDefined()
    expect(await readFile(join(dir, kept!), 'utf8')).toBe('{ "theme": "dark", ')
  })

  it('rejects a patch with a value outside the schema', async () => {
    const { service } = await setup()
    await expect(service.update({ theme: 'neon' as never })).rejects.toThrow()
    expect((await service.get()).theme).toBe('system')
  })
})
