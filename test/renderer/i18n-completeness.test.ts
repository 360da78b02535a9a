import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MESSAGES, createMoteI18n } from '../../src/renderer/i18n'
import { allErrorCodes } from '../../src/shared/error-codes'
import { errorKey } from '../../src/renderer/errors'

const RENDERER = join(import.meta.dirname, '../../src/renderer')

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix]
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    keysOf(v, prefix ? `${prefix}.${k}` : k),
  )
}

function lookup(messages: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages)
}

async function rendererFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await rendererFiles(full)))
    else if (/\.(ts|vue)$/.test(entry.name)) out.push(full)
  }
  return out
}

/** Literal keys passed to t()/$t() and to the `…Key` fields of primary actions. */
async function usedKeys(): Promise<Set<string>> {
  const keys = new Set<string>()
  for (const file of await rendererFiles(RENDERER)) {
    const text = await readFile(file, 'utf8')
    for (const m of text.matchAll(/\$?\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) keys.add(m[1]!)
    for (const m of text.matchAll(/\b\w+Key:\s*'([a-zA-Z0-9_.]+)'/g)) keys.add(m[1]!)
  }
  return keys
}

describe('translations', () => {
  it('have a sentence for every error code of every service, in both languages', () => {
    const missing = allErrorCodes().flatMap(({ table, name, code }) =>
      (['en', 'zh-CN'] as const)
        .filter((locale) => typeof lookup(MESSAGES[locale], errorKey(code)) !== 'string')
        .map(
          (locale) =>
            `${locale}: ${code} (${table}.${name}) — add it to src/renderer/i18n/locales/${locale}/errors.ts`,
        ),
    )
    expect(missing).toEqual([])
    const known = new Set(allErrorCodes().map((c) => String(c.code)))
    expect(Object.keys(MESSAGES.en.errors.codes).filter((code) => !known.has(code))).toEqual([])
  })

  it('counts in the plural properly: English counted strings give zero, one and many forms', () => {
    const counted = keysOf(MESSAGES.en).filter((k) => (lookup(MESSAGES.en, k) as string).includes(' | '))
    expect(counted.length).toBeGreaterThan(5)
    for (const key of counted) {
      const forms = (lookup(MESSAGES.en, key) as string).split(' | ')
      expect(forms.length, key).toBe(3)
    }
    const i18n = createMoteI18n('en')
    const t = i18n.global.t as (key: string, named: Record<string, unknown>, plural: number) => string
    expect([0, 1, 2].map((n) => t('views.dataset.count.samples', { n }, n))).toEqual([
      'no samples',
      '1 sample',
      '2 samples',
    ])
  })

  it('English and Simplified Chinese have exactly the same keys', () => {
    expect(keysOf(MESSAGES['zh-CN']).sort()).toEqual(keysOf(MESSAGES.en).sort())
  })

  it('no string is empty, and Chinese strings are not left in English', () => {
    const en = keysOf(MESSAGES.en)
    const untranslatable = new Set([
      'app.name',
      'nav.stepHint',
      'actions.shortcut',
      'project.folderPlaceholder',
    ])
    for (const key of en) {
      const zh = lookup(MESSAGES['zh-CN'], key) as string
      expect(zh.trim(), key).not.toBe('')
      if (!untranslatable.has(key)) expect(zh, key).not.toBe(lookup(MESSAGES.en, key))
    }
  })

  it('every key the renderer uses exists in both languages', async () => {
    const used = await usedKeys()
    expect(used.size).toBeGreaterThan(40)
    const missing = [...used].filter(
      (k) => typeof lookup(MESSAGES.en, k) !== 'string' || typeof lookup(MESSAGES['zh-CN'], k) !== 'string',
    )
    expect(missing).toEqual([])
  })

  it('placeholders match between languages', () => {
    for (const key of keysOf(MESSAGES.en)) {
      const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()
      expect(names(lookup(MESSAGES['zh-CN'], key) as string), key).toEqual(
        names(lookup(MESSAGES.en, key) as string),
      )
    }
  })
})
