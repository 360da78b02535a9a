import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { Disposable, Listener } from '../events'

/** Settings errors: the 4xxx block, shared with the doctor (docs/architecture.md). */
export const SettingsErrorCode = {
  /** The settings file is damaged. */
  Corrupt: 4001,
} as const

export const themeSchema = z.enum(['light', 'dark', 'system'])
export const localeSchema = z.enum(['en', 'zh-CN'])
export type ThemePreference = z.infer<typeof themeSchema>
export type Locale = z.infer<typeof localeSchema>

/**
 * User settings, kept in the user's config folder (not in projects). Every field is optional on disk so
 * that a settings file from an older version reads; the service fills in defaults.
 */
export const settingsSchema = z.object({
  theme: themeSchema,
  locale: localeSchema,
  /** Extra folders searched for toolchains before PATH and the Arduino IDE's package folders. */
  toolchainPaths: z.array(z.string().max(4096)).max(32),
  /** The board chosen for an ambiguous USB serial adapter, by the adapter's serial number. */
  boardBySerialNumber: z.record(z.string().max(256), z.string().max(128)),
  /** Axis names and units chosen per capture device, by serial number. */
  axesBySerialNumber: z.record(
    z.string().max(256),
    z.array(z.object({ name: z.string().max(64), unit: z.string().max(32) })).max(64),
  ),
})
export type Settings = z.infer<typeof settingsSchema>

export const settingsPatchSchema = settingsSchema.partial().strict()
export type SettingsPatch = z.infer<typeof settingsPatchSchema>

export interface SettingsService {
  get(): Promise<Settings>
  update(patch: SettingsPatch): Promise<Settings>
  onDidChange(listener: Listener<Settings>): Disposable
}

export const settingsContract: ServiceContract<SettingsService> = {
  name: 'settings',
  methods: {
    get: z.tuple([]),
    update: z.tuple([settingsPatchSchema]),
  },
  events: ['didChange'],
}
