import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESSAGES } from '../../src/renderer/i18n'
import { mote } from '../cli/cli-helpers'
import { SHOTS, openStep, openStudio, type Studio } from './studio'

/**
 * The Deploy view end to end in headless Chromium: the gestures demo trained briefly and quantized (int8
 * PTQ) with the CLI, the virtual Uno started on the Devices step and picked in the top bar, then one click
 * on Build · Flash · Test: the four stages run, the size report shows flash and RAM against the Uno's room,
 * and the on-device test reports zero mismatches with the host.
 */
const en = MESSAGES.en.views.deploy
let studio: Studio
let page: Page

beforeAll(async () => {
  studio = await openStudio({
    name: 'deploy',
    prepare: async (work, env) => {
      const project = join(work, 'gestures')
      expect((await mote(['demo', 'create', 'gestures', project], env)).code).toBe(0)
      expect((await mote(['train', '--project', project, '--epochs', '3'], env)).code).toBe(0)
      expect((await mote(['compress', '--project', project, '--method', 'ptq'], env)).code).toBe(0)
      return project
    },
    env: (work) => ({ MOTE_CACHE_DIR: join(work, 'cache') }),
    viewport: { width: 1280, height: 900 },
  })
  page = studio.page
}, 400_000)

afterAll(async () => {
  await studio?.close()
})

describe('the Deploy view on the virtual Uno, in headless Chromium', () => {
  it('starts the virtual Uno and picks it in the top bar', async () => {
    await openStep(page, 'devices')
    const uno = page.locator('[data-test="virtual-devices"] [data-test="device-card"]').first()
    await uno.locator('[data-test="virtual-start"]').click()
    await expect.poll(() => uno.innerText(), { timeout: 120_000 }).toMatch(/\/virtual\/uno\/tty/)
    await page.locator('[data-test="board-picker"]').click()
    await page.locator('[data-test="board-picker-list"] .row').filter({ hasText: 'Virtual Uno' }).click()
    await expect.poll(() => page.locator('[data-test="board-picker"]').innerText()).toContain('Virtual Uno')
  }, 180_000)

  it('builds, flashes and tests the int8 variant with one click: zero mismatches, sizes against the Uno', async () => {
    await openStep(page, 'deploy')
    await expect.poll(() => page.locator('[data-test="deploy-board"]').innerText()).toContain('Virtual Uno')
    await page.locator('[data-test="deploy-windows"] input').fill('12')
    await page.locator('[data-test="deploy-windows"] input').blur()
    await page.locator('[data-test="deploy-run"]').click()
    await expect
      .poll(() => page.locator('[data-test="deploy-stage-compile"]').innerText(), { timeout: 60_000 })
      .not.toContain(en.stageWaiting)
    await page.screenshot({ path: join(SHOTS, 'deploy-en-running.png') })
    await expect
      .poll(() => page.locator('[data-test="deploy-mismatches"]').count(), { timeout: 300_000 })
      .toBe(1)
    expect(await page.locator('[data-test="deploy-mismatches"]').innerText()).toBe(en.mismatchesNone)
    const size = await page.locator('[data-test="deploy-size"]').innerText()
    expect(size).toMatch(/of 32256 bytes/)
    expect(size).toMatch(/of 2048 bytes/)
    expect(await page.locator('[data-test="deploy-latency"]').innerText()).toMatch(/ms median/)
    expect(await page.locator('[data-test="deploy-confusion"] tr').count()).toBe(6)
    await page.screenshot({ path: join(SHOTS, 'deploy-en-report.png'), fullPage: true })
    await page.locator('[data-test="deploy-log-toggle"]').click()
    expect(await page.locator('[data-test="deploy-log"]').innerText()).toMatch(/avr-gcc|Built/)
    expect(studio.errors).toEqual([])
  }, 400_000)

  it('classifies live from the board: the top label large and a score bar per label, then stops', async () => {
    await page.locator('[data-test="deploy-live-toggle"]').click()
    await expect
      .poll(() => page.locator('[data-test="deploy-live-top"]').count(), { timeout: 60_000 })
      .toBe(1)
    expect(['circle', 'idle', 'shake', 'up-down', 'wave']).toContain(
      await page.locator('[data-test="deploy-live-top"]').innerText(),
    )
    expect(await page.locator('[data-test="deploy-live"] .bar').count()).toBe(5)
    await page.screenshot({ path: join(SHOTS, 'deploy-en-live.png'), fullPage: true })
    await page.locator('[data-test="deploy-live-toggle"]').click()
    await expect.poll(() => page.locator('[data-test="deploy-live-toggle"]').innerText()).toBe(en.liveStart)
    expect(studio.errors).toEqual([])
  }, 120_000)
})
