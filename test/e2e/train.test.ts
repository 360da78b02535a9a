import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESSAGES } from '../../src/renderer/i18n'
import { SHOTS, demoProject, openStep as openRailStep, openStudio, type Studio } from './studio'

const en = MESSAGES.en.views.train
let studio: Studio
let page: Page
let errors: string[]

beforeAll(async () => {
  studio = await openStudio({ name: 'train', prepare: demoProject('keywords') })
  ;({ page, errors } = studio)
}, 180_000)

afterAll(async () => {
  await studio?.close()
})

const text = (selector: string) => page.locator(selector).innerText()

function openStep(step: 'design' | 'train'): Promise<void> {
  return openRailStep(page, step)
}

async function setNumber(selector: string, value: string): Promise<void> {
  const input = page.locator(`${selector} input`)
  await input.fill(value)
  await input.press('Tab')
}

async function shootWhole(name: string): Promise<void> {
  const height = await page
    .locator('.view')
    .first()
    .evaluate((el) => el.scrollHeight + 200)
  await page.setViewportSize({ width: 1280, height: Math.max(800, height) })
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(SHOTS, name) })
  await page.setViewportSize({ width: 1280, height: 800 })
}

/** A training test waits up to 300 s for the results (a loaded machine trains the keywords demo in 100 s or more). */
const TRAINING_MS = 360_000

describe('the Train view on the keywords demo, in headless Chromium', () => {
  it('shows the settings and waits for a first run', async () => {
    await openStep('train')
    await expect.poll(() => text('[data-test="train-settings"]')).toContain(en.settings.epochs)
    // Audio: the per-epoch draw, gain, speed and SpecAugment fields; no motion-only field.
    const settings = await text('[data-test="train-settings"]')
    for (const key of ['redrawEpochs', 'gainDb', 'speed', 'timeMasks', 'freqMasks'] as const)
      expect(settings).toContain(en.settings.extra[key])
    expect(settings).not.toContain(en.settings.extra.rotationDeg)
    expect(await text('[data-test="view-train"]')).toContain(en.curves.waiting)
    await page.screenshot({ path: join(SHOTS, 'en-train-before.png') })
  })

  it('an emptied number stops training before it reaches the service, saying which number', async () => {
    await page.locator('[data-test="epochs"] input').fill('')
    await page.locator('[data-test="epochs"] input').press('Tab')
    await expect.poll(() => text('[data-test="train-settings"]')).toContain('Type a number for Epochs.')
    expect(await text('[data-test="train-blocked"]')).toBe('Type a number for Epochs.')
    expect(await page.locator('[data-test="start-training"]').isDisabled()).toBe(true)
    expect(await page.locator('[data-test="primary-action"]').isDisabled()).toBe(true)
    await page.screenshot({ path: join(SHOTS, 'en-train-number-needed.png') })
    await setNumber('[data-test="epochs"]', '20')
    await expect.poll(() => page.locator('[data-test="start-training"]').isDisabled()).toBe(false)
    expect(await page.locator('[data-test="train-blocked"]').count()).toBe(0)
  })

  it('reports a window longer than the samples where training was started, with the fix', async () => {
    await openStep('design')
    await setNumber('[data-test="window-length"]', '1500')
    await expect
      .poll(() => text('[data-test="save-state"]'), { timeout: 15_000 })
      .toBe(MESSAGES.en.views.design.save.saved)
    await openStep('train')
    await page.locator('[data-test="start-training"]').click()
    await expect
      .poll(() => text('[data-test="train-error"]'), { timeout: 60_000 })
      .toMatch(/The 1500 ms window is longer than 600 samples.*Shorten the window to at most 1000 ms/)
    await page.screenshot({ path: join(SHOTS, 'en-train-error.png') })
    await openStep('design')
    await setNumber('[data-test="window-length"]', '1000')
    await expect
      .poll(() => text('[data-test="save-state"]'), { timeout: 15_000 })
      .toBe(MESSAGES.en.views.design.save.saved)
  })

  it(
    'trains with live curves, then shows the accuracy, the confusion matrix and the mistakes',
    async () => {
      await openStep('train')
      await setNumber('[data-test="epochs"]', '30')
      await page.locator('[data-test="start-training"]').click()
      await expect
        .poll(() => page.locator('[data-test="train-progress"]').count(), { timeout: 30_000 })
        .toBe(1)
      await expect
        .poll(() => page.locator('[data-test="curve-loss"] canvas').count(), { timeout: 60_000 })
        .toBeGreaterThan(0)
      await page.locator('[data-test="train-progress"]').scrollIntoViewIfNeeded()
      await page.screenshot({ path: join(SHOTS, 'en-train-running.png') })
      await expect
        .poll(() => page.locator('[data-test="train-results"]').count(), { timeout: 300_000 })
        .toBe(1)
      const accuracy = Number((await text('[data-test="test-accuracy"]')).replace('%', ''))
      expect(accuracy).toBeGreaterThan(80)
      expect(await text('[data-test="train-results"]')).toContain(en.results.accuracy)
      await expect
        .poll(() => page.locator('[data-test="confusion-matrix"] canvas').count())
        .toBeGreaterThan(0)
      for (const label of ['yes', 'no', 'left', 'right', 'noise', 'unknown'])
        expect(await text('[data-test="train-results"]')).toContain(label)
      await page.screenshot({ path: join(SHOTS, 'en-train-done.png') })
      await shootWhole('en-train-done-whole.png')
    },
    TRAINING_MS,
  )

  it('opens a misclassified sample in the Design view', async () => {
    const first = page.locator('[data-test="misclassified"] button').first()
    if ((await first.count()) === 0) return // a perfect run has no mistakes to open
    const id = await first.innerText()
    await first.click()
    await page.waitForURL(/#\/design\?sample=/)
    await expect.poll(() => text('[data-test="sample-select"]')).toContain(id)
    await expect.poll(() => page.locator('[data-test="feature-image"]').count(), { timeout: 20_000 }).toBe(1)
    await shootWhole('en-design-keywords-mistake-whole.png')
  })

  it(
    'keeps a running training across a reload of the page: the status bar picks the job up again',
    async () => {
      await openStep('train')
      await setNumber('[data-test="epochs"]', '80')
      await page.locator('[data-test="start-training"]').click()
      await expect.poll(() => page.locator('[data-test="status-job"]').count(), { timeout: 30_000 }).toBe(1)
      await page.reload()
      await expect.poll(() => page.locator('[data-test="status-job"]').count(), { timeout: 10_000 }).toBe(1)
      expect(await text('[data-test="status-job"]')).toMatch(/Train/i)
      await page.screenshot({ path: join(SHOTS, 'en-train-after-reload.png') })
      await expect.poll(() => page.locator('[data-test="status-job"]').count(), { timeout: 300_000 }).toBe(0)
      await openStep('train')
      await expect
        .poll(() => page.locator('[data-test="train-results"]').count(), { timeout: 30_000 })
        .toBe(1)
    },
    TRAINING_MS,
  )

  it('shows the results in Chinese', async () => {
    await page.locator('[data-test="language-menu"]').click()
    await page.locator('.n-dropdown-option').getByText('简体中文').click()
    await page.locator('.n-dropdown-menu').waitFor({ state: 'detached' })
    await openStep('train')
    await expect.poll(() => text('[data-test="view-title"]')).toBe(MESSAGES['zh-CN'].views.train.title)
    await expect.poll(() => page.locator('[data-test="train-results"]').count()).toBe(1)
    await shootWhole('zh-CN-train-done-whole.png')
  })

  it('raised no page errors along the way', () => {
    expect(errors).toEqual([])
  })
})
