import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../cli/cli-helpers'
import { SHOTS, newProject, openStudio, type Studio } from './studio'

const BLINK_ECHO_HEX = join(ROOT, 'test/main/services/toolchain/fixtures/blink-echo-uno.hex')
let studio: Studio
let page: Page

beforeAll(async () => {
  studio = await openStudio({
    name: 'devices',
    prepare: newProject('Bench'),
    // A cache of our own: the virtual Uno starts with erased flash and its harness is built fresh.
    env: (work) => ({ MOTE_CACHE_DIR: join(work, 'cache') }),
    viewport: { width: 1280, height: 900 },
  })
  page = studio.page
}, 120_000)

afterAll(async () => {
  await studio?.close()
})

const uno = () => page.locator('[data-test="virtual-devices"] [data-test="device-card"]').first()

describe('Devices view with the virtual Uno, end to end in headless Chromium', () => {
  it('lists the virtual boards, marked virtual, with a Start button', async () => {
    await page.locator('[data-test="nav-devices"]').click()
    await expect
      .poll(() => page.locator('[data-test="virtual-devices"] [data-test="device-card"]').count())
      .toBe(3)
    await expect.poll(() => uno().innerText()).toContain('Virtual Uno')
    await expect.poll(() => uno().innerText()).toContain('Virtual')
  })

  it('starts the virtual Uno and shows its port', async () => {
    await uno().locator('[data-test="virtual-start"]').click()
    await expect.poll(() => uno().innerText(), { timeout: 90_000 }).toMatch(/\/virtual\/uno\/tty/)
    await page.screenshot({ path: join(SHOTS, 'en-devices-virtual-uno.png') })
  })

  it('flashes blink-echo through the Flash dialog with page-by-page progress and a verified result', async () => {
    await uno().locator('[data-test="open-flash"]').click()
    await page.locator('[data-test="flash-file"] input').fill(BLINK_ECHO_HEX)
    await page.locator('[data-test="flash-start"]').click()
    await expect
      .poll(() => page.locator('[data-test="flash-result"]').innerText(), { timeout: 60_000 })
      .toMatch(/Wrote 512 bytes .* verified/)
    await page.screenshot({ path: join(SHOTS, 'en-devices-flash-done.png') })
    await page.keyboard.press('Escape')
    await page.locator('[data-test="flash-dialog"]').waitFor({ state: 'detached' })
  })

  it('shows the firmware’s banner in the serial monitor and echoes what is sent', async () => {
    await uno().locator('[data-test="open-monitor"]').click()
    const output = page.locator('[data-test="monitor-output"]')
    await expect.poll(() => output.innerText(), { timeout: 20_000 }).toContain('mote blink-echo avr')
    await page.locator('[data-test="monitor-input"] input').fill('hello board')
    await page.locator('[data-test="monitor-send"]').click()
    await expect.poll(() => output.innerText(), { timeout: 20_000 }).toContain('hello board')
    await page.locator('[data-test="serial-monitor"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'en-devices-serial-monitor.png') })
  })

  it('stops the virtual Uno', async () => {
    await uno().locator('[data-test="virtual-stop"]').click()
    await expect.poll(() => uno().locator('[data-test="virtual-start"]').count(), { timeout: 20_000 }).toBe(1)
  })
})
