import { join } from 'node:path'
import {
  settingsSchema,
  type Settings,
  type SettingsPatch,
  type SettingsService as SettingsApi,
} from '../../../shared/api/settings'
import { Emitter } from '../../../shared/events'
import { atomicWriteJson } from '../system/atomic-write'
import { isNotFound, type FileSystem } from '../system/file-system'

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  locale: 'en',
  toolchainPaths: [],
  boardBySerialNumber: {},
  axesBySerialNumber: {},
}

/**
 * User settings in `<configDir>/settings.json`. Fields missing from the file take their defaults; a field
 * that fails validation is dropped back to its default, one by one, so a single bad value never costs the
 * user the rest. A file that is not JSON at all is kept as `settings.json.damaged-<time>` before defaults
 * are written, so nothing the user set is silently lost.
 */
export class SettingsService implements SettingsApi {
  private readonly changed = new Emitter<Settings>()
  readonly onDidChange = this.changed.event
  private cached: Settings | undefined
  private readonly path: string
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly fs: FileSystem,
    configDir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.path = join(configDir, 'settings.json')
  }

  async get(): Promise<Settings> {
    this.cached ??= await this.load()
    return this.cached
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const run = this.queue.then(async () => {
      const next = settingsSchema.parse({ ...(await this.get()), ...patch })
      await this.fs.mkdir(join(this.path, '..'), { recursive: true })
      await atomicWriteJson(this.fs, this.path, next)
      this.cached = next
      this.changed.fire(next)
      return next
    })
    this.queue = run.catch(() => undefined)
    return run
  }

  private async load(): Promise<Settings> {
    let text: string
    try {
      text = await this.fs.readFile(this.path, 'utf8')
    } catch (error) {
      if (isNotFound(error)) return DEFAULT_SETTINGS
      throw error
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch {
      const stamp = this.clock().toISOString().replace(/[:.]/g, '-')
      await this.fs.rename(this.path, `${this.path}.damaged-${stamp}`)
      return DEFAULT_SETTINGS
    }
    return mergeValidFields(raw)
  }
}

/** Keeps each top-level field that validates on its own; the rest take defaults. */
export function mergeValidFields(raw: unknown): Settings {
  const result: Record<string, unknown> = { ...DEFAULT_SETTINGS }
  if (typeof raw !== 'object' || raw === null) return DEFAULT_SETTINGS
  const shape = settingsSchema.shape
  for (const key of Object.keys(shape) as (keyof Settings)[]) {
    const value = (raw as Record<string, unknown>)[key]
    if (value === undefined) continue
    const parsed = shape[key].safeParse(value)
    if (parsed.success) result[key] = parsed.data
  }
  return settingsSchema.parse(result)
}
