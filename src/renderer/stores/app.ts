import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AppInfo } from '../../shared/api/app'
import type { Locale, Settings, ThemePreference } from '../../shared/api/settings'
import { useApi } from '../api/provide'

/**
 * App-wide state: host info, connection, and the user's theme and language (stored by the settings
 * service, so they follow the user between the desktop app and serve mode).
 */
export const useAppStore = defineStore('app', () => {
  const api = useApi()
  const info = ref<AppInfo | null>(null)
  const connected = ref(true)
  const settings = ref<Settings | null>(null)
  const systemPrefersDark = ref(false)

  const theme = computed<ThemePreference>(() => settings.value?.theme ?? 'system')
  const locale = computed<Locale>(() => settings.value?.locale ?? 'en')
  const isDark = computed(
    () => theme.value === 'dark' || (theme.value === 'system' && systemPrefersDark.value),
  )

  async function load(): Promise<void> {
    const [appInfo, current] = await Promise.all([api.app.info(), api.settings.get()])
    info.value = appInfo
    settings.value = current
    api.settings.onDidChange((next) => (settings.value = next))
  }

  async function setTheme(next: ThemePreference): Promise<void> {
    settings.value = await api.settings.update({ theme: next })
  }

  async function setLocale(next: Locale): Promise<void> {
    settings.value = await api.settings.update({ locale: next })
  }

  return { info, connected, settings, systemPrefersDark, theme, locale, isDark, load, setTheme, setLocale }
})
