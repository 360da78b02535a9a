import type { GlobalThemeOverrides } from 'naive-ui'

/** One accent (teal, readable on both themes) and slightly rounder corners; the rest is naive-ui's default. */
export function themeOverrides(dark: boolean): GlobalThemeOverrides {
  const primary = dark ? '#3fc1a5' : '#0f8a72'
  return {
    common: {
      primaryColor: primary,
      primaryColorHover: dark ? '#5fd4ba' : '#129e83',
      primaryColorPressed: dark ? '#2ea78d' : '#0b6f5b',
      primaryColorSuppl: primary,
      borderRadius: '6px',
    },
  }
}
