import { createI18n } from 'vue-i18n'
import { en } from './locales/en'
import { zhCN } from './locales/zh-CN'
import type { Locale } from '../../shared/api/settings'

export const MESSAGES = { en, 'zh-CN': zhCN } as const

export function createMoteI18n(locale: Locale = 'en') {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: MESSAGES,
    datetimeFormats: {
      en: { short: { year: 'numeric', month: 'short', day: 'numeric' } },
      'zh-CN': { short: { year: 'numeric', month: 'short', day: 'numeric' } },
    },
    missingWarn: false,
    fallbackWarn: false,
  })
}

/** The locale the browser prefers, when the user has not chosen one. */
export function preferredLocale(languages: readonly string[]): Locale {
  return languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en'
}
