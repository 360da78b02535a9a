import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESSAGES } from '../../src/renderer/i18n'
import { PIPELINE } from '../../src/renderer/pipeline'
import { SHOTS, newProject, openStudio, type Studio } from './studio'

let studio: Studio
let serve: Studio['serve']
let page: Page
let work: string
let errors: string[]

beforeAll(async () => {
  studio = await openStudio({ name: 'shell', prepare: newProject('Wrist gestures') })
  ;({ page, work, errors, serve } = studio)
})

afterAll(async () => {
  await studio?.close()
})

async function openStep(path: string): Promise<void> {
  await page.locator(`[data-test="nav-${path.slice(1)}"]`).click()
  await page.waitForURL(`**/#${path}`)
}

/** Picks an entry of a dropdown menu and waits for the menu to be gone, so screenshots show no fading menu. */
async function pickFromMenu(trigger: string, label: string): Promise<void> {
  await page.locator(`[data-test="${trigger}"]`).click()
  await page.locator('.n-dropdown-option').getByText(label).click()
  await page.locator('.n-dropdown-menu').waitFor({ state: 'detached' })
}

async function setLanguage(label: 'English' | '简体中文'): Promise<void> {
  await pickFromMenu('language-menu', label)
}

describe('the app shell in headless Chromium, served by mote serve', () => {
  it('answers 401 and nothing else without the token', async () => {
    const res = await fetch(`http://127.0.0.1:${serve.port}/`)
    expect(res.status).toBe(401)
    expect(await res.text()).toBe('')
  })

  it('loads with the token and shows the open project and the pipeline rail', async () => {
    await page.goto(serve.url)
    await expect.poll(() => page.locator('[data-test="project-button"]').innerText()).toBe('Wrist gestures')
    for (const step of PIPELINE)
      await expect.poll(() => page.locator(`[data-test="nav-${step.id}"]`).isVisible()).toBe(true)
    expect(new URL(page.url()).search).toBe('')
  })

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`shows every pipeline view with its title and empty state in ${locale}`, async () => {
      await setLanguage(locale === 'en' ? 'English' : '简体中文')
      const m = MESSAGES[locale]
      await expect.poll(() => page.locator('[data-test="nav-devices"]').innerText()).toContain(m.nav.devices)
      for (const step of PIPELINE) {
        await openStep(step.path)
        const view = m.views[step.id]
        await expect.poll(() => page.locator('[data-test="view-title"]').innerText()).toBe(view.title)
        await expect
          .poll(() => page.locator('[data-test="empty-state"]').innerText())
          .toContain(view.emptyTitle)
        await page.screenshot({ path: join(SHOTS, `${locale}-${step.id}.png`) })
      }
      await page.locator('[data-test="nav-project"]').click()
      await expect.poll(() => page.locator('[data-test="view-title"]').innerText()).toBe(m.project.title)
      await page.screenshot({ path: join(SHOTS, `${locale}-project.png`) })
    })
  }

  it('refuses a relative project folder where it is typed, before any service sees it', async () => {
    await setLanguage('English')
    await page.locator('[data-test="nav-project"]').click()
    await page.locator('[data-test="new-name"] input').fill('Relative')
    await page.locator('[data-test="new-dir"] input').fill('mote/gestures')
    await expect
      .poll(() => page.locator('[data-test="create-project"] [data-test="folder-relative"]').innerText())
      .toContain('a relative path would depend on the folder Mote Studio was started in')
    expect(await page.locator('[data-test="create-submit"]').isDisabled()).toBe(true)
    await page.locator('[data-test="open-dir"] input').fill('./somewhere')
    expect(await page.locator('[data-test="open-submit"]').isDisabled()).toBe(true)
    await page.screenshot({ path: join(SHOTS, 'en-project-relative-path.png') })
    await page.locator('[data-test="open-dir"] input').fill('')
    await page.locator('[data-test="new-name"] input').fill('')
    await page.locator('[data-test="new-dir"] input').fill('')
  })

  it('creates a new project from the Projects view and shows it as the current project', async () => {
    await page.locator('[data-test="nav-project"]').click()
    await page.locator('[data-test="new-name"] input').fill('Keyword spotter')
    await page.locator('[data-test="new-dir"] input').fill(join(work, 'keywords'))
    await page.locator('[data-test="create-submit"]').click()
    await expect.poll(() => page.locator('[data-test="project-button"]').innerText()).toBe('Keyword spotter')
  })

  it('shows the service’s error sentence where the action was taken', async () => {
    await page.locator('[data-test="nav-project"]').click()
    await page.locator('[data-test="open-dir"] input').fill(join(work, 'no-such-folder'))
    await page.locator('[data-test="open-submit"]').click()
    await expect
      .poll(() => page.locator('[data-test="open-error"]').innerText())
      .toMatch(/the folder does not exist/)
    await page.screenshot({ path: join(SHOTS, 'en-project-error.png') })
  })

  it('moves between steps with Ctrl+1…7 and checks tools from the Devices view', async () => {
    await page.keyboard.press('Control+3')
    await expect.poll(() => page.url()).toMatch(/#\/dataset$/)
    await page.keyboard.press('Control+1')
    await expect.poll(() => page.url()).toMatch(/#\/devices$/)
    await page.locator('[data-test="check-tools"]').click()
    await expect
      .poll(() => page.locator('[data-test="tools"]').innerText(), { timeout: 20_000 })
      .toContain('avr-gcc')
    await page.screenshot({ path: join(SHOTS, 'en-devices-tools.png') })
  })

  it('says on the Devices view that USB cannot be listed on a machine without a USB bus', async () => {
    await page.keyboard.press('Control+1')
    await expect
      .poll(() => page.locator('[data-test="devices-notice"]').innerText())
      .toMatch(/only serial ports are shown/)
  })

  it('switches to the dark theme', async () => {
    await pickFromMenu('theme-menu', MESSAGES.en.theme.dark)
    await expect.poll(() => page.locator('.shell').getAttribute('data-theme')).toBe('dark')
    await page.locator('[data-test="console-toggle"]').click()
    await page.screenshot({ path: join(SHOTS, 'en-devices-dark.png') })
  })

  it('raised no page errors along the way', () => {
    expect(errors).toEqual([])
  })
})
