import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESSAGES } from '../../src/renderer/i18n'
import { SHOTS, demoProject, openStep, openStudio, type Studio } from './studio'

const en = MESSAGES.en.views.design
let studio: Studio
let page: Page
let work: string
let errors: string[]

beforeAll(async () => {
  studio = await openStudio({ name: 'design', prepare: demoProject('gestures') })
  ;({ page, work, errors } = studio)
  await openStep(page, 'design')
})

afterAll(async () => {
  await studio?.close()
})

const text = (selector: string) => page.locator(selector).innerText()

/** The whole view, not just what fits in 1280×800: the window grows to the view's height for the shot. */
async function shootWhole(name: string): Promise<void> {
  const height = await page.locator('[data-test="view-design"]').evaluate((el) => el.scrollHeight + 200)
  await page.setViewportSize({ width: 1280, height: Math.max(800, height) })
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(SHOTS, name) })
  await page.setViewportSize({ width: 1280, height: 800 })
}

describe('the Design view on the gestures demo, in headless Chromium', () => {
  it('shows the chain input → features → model → output with the demo’s design', async () => {
    await expect.poll(() => text('[data-test="design-chain"]')).toContain(en.chain.model.toUpperCase())
    expect(await text('[data-test="input-block"]')).toContain('62.5 Hz')
    expect(await text('[data-test="feature-block"]')).toContain('[42]')
    // spectral: 3 axes × (rms, skewness, kurtosis, 3 peaks × 2, 5 bands) = 42 features; dense MLP, 5 classes:
    // 42·20+20 + 20·10+10 + 10·5+5 = 1125 parameters, 840 + 200 + 50 = 1090 MACs
    await expect.poll(() => text('[data-test="model-totals"]')).toContain('1125')
    expect(await text('[data-test="model-totals"]')).toContain('1090')
    expect(await text('[data-test="layer-table"]')).toContain('dense1')
    for (const label of ['circle', 'idle', 'shake', 'up-down', 'wave'])
      expect(await text('[data-test="output-block"]')).toContain(label)
  })

  it('draws the features of a sample and the feature explorer', async () => {
    await expect
      .poll(() => page.locator('[data-test="feature-bars"] canvas').count(), { timeout: 20_000 })
      .toBeGreaterThan(0)
    await expect.poll(() => page.locator('[data-test="signal-chart"] canvas').count()).toBeGreaterThan(0)
    await expect
      .poll(() => page.locator('[data-test="feature-explorer"] canvas').count(), { timeout: 30_000 })
      .toBeGreaterThan(0)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(SHOTS, 'en-design-gestures.png') })
    await shootWhole('en-design-gestures-whole.png')
  })

  it('updates shapes, params and MACs live when the window and the preset change', async () => {
    const input = page.locator('[data-test="window-length"] input')
    await input.fill('1000')
    await input.press('Tab')
    // a shorter window still gives 42 spectral features: the model does not change
    await expect.poll(() => text('[data-test="model-totals"]')).toContain('1125')
    await page.locator('[data-test="block-select"]').click()
    await page.locator('.n-base-select-option').getByText(en.blocks.raw, { exact: true }).click()
    // raw 1000 ms at 62.5 Hz = 63 frames × 3 axes; the MLP flattens 189 values: 189·20+20 + 210 + 55 = 4065 params
    await expect.poll(() => text('[data-test="feature-block"]')).toContain('[63, 3]')
    await expect.poll(() => text('[data-test="model-totals"]')).toContain('4065')
    await page.locator('[data-test="preset-select"]').click()
    await page.locator('.n-base-select-option').getByText(en.presets.cnn1d, { exact: true }).click()
    // Choosing a preset says it needs Apply; the model keeps its layers until then.
    await expect
      .poll(() => text('[data-test="preset-pending"]'))
      .toBe('Not applied yet: press Apply preset to replace the layers with 1-D CNN × 1.')
    expect(await text('[data-test="model-totals"]')).toContain('4065')
    await expect.poll(() => page.locator('.n-base-select-menu:visible').count()).toBe(0)
    await page.screenshot({ path: join(SHOTS, 'en-design-preset-pending.png') })
    await page.locator('[data-test="apply-preset"]').click()
    await expect.poll(() => page.locator('[data-test="preset-pending"]').count()).toBe(0)
    // 1-D CNN on [63, 3]: conv1 80, conv2 400, pools → 32 → 16 steps, flatten 256, output 256·5+5 = 1285
    await expect.poll(() => text('[data-test="model-totals"]')).toContain('1765')
    await expect.poll(() => page.locator('[data-test="feature-image"]').count(), { timeout: 20_000 }).toBe(1)
    await expect.poll(() => text('[data-test="save-state"]')).toBe(en.save.saved)
    await shootWhole('en-design-raw-cnn-whole.png')
  })

  it('asks before Start over, and Start over can be undone', async () => {
    await page.locator('[data-test="start-over"]').click()
    const dialog = page.locator('.n-dialog')
    await expect.poll(() => dialog.innerText()).toContain('Start over from the suggestion?')
    await page.screenshot({ path: join(SHOTS, 'en-design-start-over.png') })
    await dialog.getByText('Keep my design').click()
    await expect.poll(() => page.locator('.n-dialog').count()).toBe(0)
    expect(await text('[data-test="model-totals"]')).toContain('1765')
    await page.locator('[data-test="start-over"]').click()
    await page.locator('.n-dialog').getByText('Start over', { exact: true }).click()
    await expect
      .poll(() => text('[data-test="started-over"]'))
      .toContain('The design was replaced by the suggestion.')
    await expect.poll(() => text('[data-test="model-totals"]')).toContain('1125')
    await page.locator('[data-test="undo-start-over"]').click()
    await expect.poll(() => text('[data-test="model-totals"]')).toContain('1765')
    await expect.poll(() => text('[data-test="save-state"]')).toBe(en.save.saved)
    expect(await page.locator('[data-test="started-over"]').count()).toBe(0)
  })

  it('an emptied window length says a number is needed and keeps the design as it was', async () => {
    const input = page.locator('[data-test="window-length"] input')
    await input.fill('')
    await input.press('Tab')
    await expect.poll(() => text('[data-test="input-block"]')).toContain('Type a number for Window length.')
    expect(await text('[data-test="model-totals"]')).toContain('1765')
    await input.fill('1000')
    await input.press('Tab')
    await expect.poll(() => page.locator('[data-test="number-needed"]').count()).toBe(0)
  })

  it('shows the same view in Chinese', async () => {
    await page.locator('[data-test="language-menu"]').click()
    await page.locator('.n-dropdown-option').getByText('简体中文').click()
    await page.locator('.n-dropdown-menu').waitFor({ state: 'detached' })
    await expect.poll(() => text('[data-test="view-title"]')).toBe(MESSAGES['zh-CN'].views.design.title)
    await shootWhole('zh-CN-design-gestures-whole.png')
    await page.locator('[data-test="language-menu"]').click()
    await page.locator('.n-dropdown-option').getByText('English').click()
    await page.locator('.n-dropdown-menu').waitFor({ state: 'detached' })
  })

  it('creates the gestures demo from the Projects view and opens its design', async () => {
    await page.locator('[data-test="nav-project"]').click()
    await expect.poll(() => page.locator('[data-test="demo-gestures"] input').count()).toBe(1)
    await page.locator('[data-test="demo-gestures"] input').fill(join(work, 'gestures-from-ui'))
    await page.screenshot({ path: join(SHOTS, 'en-project-demos.png') })
    await page.locator('[data-test="create-demo-gestures"]').click()
    await page.waitForURL('**/#/design', { timeout: 30_000 })
    await expect.poll(() => text('[data-test="project-button"]')).toBe('Gestures demo')
    await expect.poll(() => text('[data-test="model-totals"]')).toContain('1125')
    expect(await text('[data-test="save-state"]')).toBe(en.save.saved)
  })

  it('raised no page errors along the way', () => {
    expect(errors).toEqual([])
  })
})
