import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESSAGES } from '../../src/renderer/i18n'
import { FIXTURE_VARIANT, gesturesDeployProject } from '../main/services/device-test/deploy-project'
import { STORED_PORT, storeVirtualUnoTest } from '../core/boards/stored-run-fixture'
import { SHOTS, openStep, openStudio, type Studio } from './studio'

const en = MESSAGES.en.views.estimate
let studio: Studio
let page: Page

beforeAll(async () => {
  studio = await openStudio({ name: 'estimate', prepare: gesturesWithStoredTest })
  page = studio.page
  await openStep(page, 'design')
})

/**
 * The gestures demo with an int8 variant (deploy-project.ts) and an on-device test of it stored as a
 * deployment stores it: 91.7 ms DSP + 15.6 ms model on the virtual Uno.
 */
async function gesturesWithStoredTest(): Promise<string> {
  const dir = await gesturesDeployProject()
  await storeVirtualUnoTest(dir, FIXTURE_VARIANT)
  return dir
}

afterAll(async () => {
  await studio?.close()
})

const row = (board: string) => page.locator(`[data-test="estimate-${board}"]`)
const latency = (board: string) => row(board).locator('[data-test="estimate-latency"]').innerText()

async function shootPanel(name: string): Promise<void> {
  const height = await page.locator('[data-test="view-design"]').evaluate((el) => el.scrollHeight + 200)
  await page.setViewportSize({ width: 1280, height: Math.max(800, height) })
  await page.waitForTimeout(400)
  await page.locator('[data-test="board-estimates"]').screenshot({ path: join(SHOTS, name) })
  await page.setViewportSize({ width: 1280, height: 800 })
}

describe('the per-board estimate panel on the gestures demo, in headless Chromium', () => {
  it('lists every board with flash and RAM against its limits; the demo fits the Uno, as its real build does', async () => {
    await expect.poll(() => page.locator('[data-test^="estimate-"][data-test$="-sense"]').count()).toBe(1)
    expect(await row('nano33ble-sense').locator('[data-test="estimate-fits"]').innerText()).toBe(en.fits)
    // The Deploy step builds it in 27,338 B of flash and 1,660 B + a 366 B stack of RAM (docs/estimate.md).
    expect(await row('uno').locator('[data-test="estimate-fits"]').innerText()).toBe(en.fits)
    expect(await row('uno').innerText()).toMatch(/2\.0 KB of 2\.0 KB/)
    expect(await row('nano33ble-sense').innerText()).toMatch(/KB of 960 KB/)
    expect(await latency('nano33ble-sense')).toMatch(/^\d+(\.\d+)? ms$/)
    expect(await row('nano33ble-sense').innerText()).toContain(en.estimated)
    // The on-device test stored in the project calibrates the virtual Uno, and only it.
    await expect.poll(() => row('virtual-uno').innerText()).toContain(`Virtual Uno (simavr) (${STORED_PORT})`)
    expect(await row('uno').innerText()).toContain(en.estimated)
    expect(await row('virtual-m4').locator('[data-test="estimate-energy"]').innerText()).toContain(
      en.noCurrent,
    )
    await shootPanel('en-estimate-design-gestures.png')
  })

  it('sits to the right of the chain on a window 2000 px wide or more, and below it at 1280×800', async () => {
    const panel = page.locator('[data-test="board-estimates"]')
    const chain = page.locator('[data-test="design-chain"]')
    await page.setViewportSize({ width: 2100, height: 1100 })
    await expect
      .poll(async () => (await panel.boundingBox())!.x)
      .toBeGreaterThan((await chain.boundingBox())!.x + (await chain.boundingBox())!.width)
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(SHOTS, 'en-estimate-design-wide.png') })
    await page.setViewportSize({ width: 1280, height: 800 })
    await expect
      .poll(async () => (await panel.boundingBox())!.y)
      .toBeGreaterThan((await chain.boundingBox())!.y + (await chain.boundingBox())!.height)
  })

  it('moves the numbers within a few frames of a layer edit, measured in the page', async () => {
    const before = await latency('nano33ble-sense')
    // In the page: when the first input event of the edit fires, and when the latency cell first changes.
    await page.evaluate(`(() => {
      document.addEventListener('input', () => (window.editAt ??= performance.now()), { capture: true })
      const cell = document.querySelector('[data-test="estimate-nano33ble-sense"] [data-test="estimate-latency"]')
      new MutationObserver(() => (window.changedAt ??= performance.now())).observe(cell, {
        characterData: true, childList: true, subtree: true,
      })
    })()`)
    const units = page.locator('[data-test="layer-dense1"] input')
    await units.fill('200')
    await expect.poll(() => latency('nano33ble-sense')).not.toBe(before)
    const ms = await page.evaluate<number>('window.changedAt - window.editAt')
    console.log(`estimate panel update after a layer edit: ${ms.toFixed(1)} ms`)
    expect(ms).toBeGreaterThanOrEqual(0)
    // The goal is 50 ms; on this loaded 2-core machine we only refuse what is clearly not live.
    expect(ms).toBeLessThan(500)
    const wider = Number((await latency('nano33ble-sense')).replace(' ms', ''))
    expect(wider).toBeGreaterThan(Number(before.replace(' ms', '')))
    // 200 units (8.4 KB more weights) no longer fit the Uno's flash: flagged with the numbers.
    expect(await row('uno').locator('[data-test="estimate-fits"]').innerText()).toBe(en.doesNotFit)
    expect(await row('uno').locator('[data-test="estimate-problem"]').innerText()).toMatch(
      /^Needs \d+\.\d KB of flash \(weights \d+\.\d KB\); the Arduino Uno has 31\.5 KB for programs\.$/,
    )
  })

  it('sorts by latency and hides the boards it does not fit', async () => {
    await page.locator('[data-test="estimate-fits-only"]').click()
    await expect.poll(() => row('uno').count()).toBe(0)
    expect(await row('nano33ble-sense').count()).toBe(1)
    await page.locator('[data-test="estimate-sort"]').click()
    await page.locator('.n-base-select-option').getByText(en.sort.latency, { exact: true }).click()
    const times = await page
      .locator('[data-test="estimate-latency"]')
      .evaluateAll((cells) => cells.map((c) => Number.parseFloat(c.textContent ?? '')))
    expect(times.length).toBeGreaterThan(3)
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    await shootPanel('en-estimate-design-fitting-by-latency.png')
  })
})
