import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../cli/cli-helpers'
import { SHOTS, inViewport, newProject, openStep, openStudio, screenshotThemes, type Studio } from './studio'

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

async function flash(file: string): Promise<void> {
  await uno().locator('[data-test="open-flash"]').click()
  await page.locator('[data-test="flash-file"] input').fill(file)
  await page.locator('[data-test="flash-start"]').click()
}

describe('Devices view with the virtual Uno, end to end in headless Chromium', () => {
  it('lists the virtual boards, marked virtual and Stopped, with a Start button', async () => {
    await page.locator('[data-test="nav-devices"]').click()
    await expect
      .poll(() => page.locator('[data-test="virtual-devices"] [data-test="device-card"]').count())
      .toBe(3)
    await expect.poll(() => uno().innerText()).toContain('Virtual Uno')
    const states = await page
      .locator('[data-test="virtual-devices"] [data-test="device-state"]')
      .allInnerTexts()
    expect(states).toEqual(['Stopped', 'Stopped', 'Stopped'])
    expect(await uno().locator('[data-test="virtual-start"]').count()).toBe(1)
  })

  it('starts the virtual Uno, shows its port and selects it as the board', async () => {
    await uno().locator('[data-test="virtual-start"]').click()
    await expect.poll(() => uno().innerText(), { timeout: 90_000 }).toMatch(/\/virtual\/uno\/tty/)
    expect(await uno().locator('[data-test="device-state"]').innerText()).toBe('Running')
    await expect.poll(() => uno().getAttribute('class')).toContain('selected')
    await expect.poll(() => page.locator('[data-test="board-picker"]').innerText()).toContain('Virtual Uno')
    await page.screenshot({ path: join(SHOTS, 'en-devices-virtual-uno.png') })
  })

  it('opens the serial monitor in view, saying that nothing has arrived yet from the erased board', async () => {
    await uno().locator('[data-test="open-monitor"]').click()
    await expect
      .poll(() => page.locator('[data-test="monitor-waiting"]').innerText())
      .toMatch(/^Listening on \S+ at 115200 baud\. Nothing has arrived yet\.$/)
    await expect.poll(() => inViewport(page, '[data-test="serial-monitor"]')).toBe(true)
    await screenshotThemes(page, 'en-devices-monitor-waiting')
  })

  it('refuses a file that is not firmware, with the flash service’s sentence, writing nothing', async () => {
    const notes = join(studio.work, 'notes.bin')
    await writeFile(notes, 'Remember: the accelerometer is on A0–A2.\n'.repeat(8))
    await flash(notes)
    const error = page.locator('[data-test="flash-dialog"] [data-test="flash-error"]')
    await expect
      .poll(() => error.innerText())
      .toContain(
        `${notes} is named like a raw firmware binary but holds text that starts with "Remember: the accelerometer is on A0–A2.", so it is not firmware.`,
      )
    expect(await error.innerText()).toContain('The file is not firmware for this board')
    expect(await page.locator('[data-test="flash-progress"]').count()).toBe(0)
    await page.screenshot({ path: join(SHOTS, 'en-devices-flash-not-firmware.png') })
    await page.keyboard.press('Escape')
    await page.locator('[data-test="flash-dialog"]').waitFor({ state: 'detached' })
  })

  it('flashes blink-echo with the monitor open: the monitor pauses, then shows the new firmware’s banner', async () => {
    let sawPause = false
    const watchPause = (async () => {
      while (!sawPause && (await page.locator('[data-test="flash-result"]').count()) === 0) {
        sawPause = (await page.locator('[data-test="monitor-suspended"]').count()) > 0
        await page.waitForTimeout(20)
      }
    })()
    await flash(BLINK_ECHO_HEX)
    await expect
      .poll(() => page.locator('[data-test="flash-result"]').innerText(), { timeout: 60_000 })
      .toMatch(/Wrote 512 bytes .* verified/)
    await watchPause
    await page.screenshot({ path: join(SHOTS, 'en-devices-flash-done.png') })
    await page.keyboard.press('Escape')
    await page.locator('[data-test="flash-dialog"]').waitFor({ state: 'detached' })
    const output = page.locator('[data-test="monitor-output"]')
    await expect.poll(() => output.innerText(), { timeout: 20_000 }).toContain('mote blink-echo avr')
    expect(await page.locator('[data-test="monitor-suspended"]').count()).toBe(0)
    await page.locator('[data-test="console-toggle"]').click()
    await expect
      .poll(() => page.locator('[data-test="console"]').innerText())
      .toContain('is paused while flashing.')
    await page.locator('[data-test="console-toggle"]').click()
    expect(sawPause).toBe(true)
  })

  it('echoes what is sent in the serial monitor', async () => {
    const output = page.locator('[data-test="monitor-output"]')
    await page.locator('[data-test="monitor-input"] input').fill('hello board')
    await page.locator('[data-test="monitor-send"]').click()
    await expect.poll(() => output.innerText(), { timeout: 20_000 }).toContain('hello board')
    await page.locator('[data-test="serial-monitor"]').scrollIntoViewIfNeeded()
    await screenshotThemes(page, 'en-devices-serial-monitor')
    await page.locator('[data-test="monitor-close"]').click()
  })

  it('installs the capture firmware and records from it, each shown as a job in the status bar', async () => {
    await openStep(page, 'capture')
    await expect.poll(() => page.locator('[data-test="capture-device"]').innerText()).toContain('Virtual Uno')
    const jobs: string[] = []
    const watchJobs = async (until: () => Promise<boolean>) => {
      while (!(await until())) {
        jobs.push(...(await page.locator('[data-test="status-job"]').allInnerTexts()))
        await page.waitForTimeout(50)
      }
    }
    await page.locator('[data-test="install-firmware"]').click()
    const done = page.locator('[data-test="firmware-done"]')
    await watchJobs(
      async () => (await done.count()) > 0 || (await page.locator('[data-test="capture-error"]').count()) > 0,
    )
    expect(await done.innerText()).toMatch(
      /^The capture firmware is installed on \S+ \(\d+ bytes in [\d.]+ s\)\./,
    )
    expect(jobs.some((j) => j.startsWith('Install the capture firmware on '))).toBe(true)
    await page.screenshot({ path: join(SHOTS, 'en-capture-firmware-done.png') })
    await page.locator('[data-test="capture-label"] input').fill('tap')
    await page.locator('[data-test="capture-seconds"] input').fill('1')
    await page.locator('[data-test="capture-seconds"] input').blur()
    jobs.length = 0
    await page.locator('[data-test="record-button"]').click()
    const sample = page.locator('[data-test="new-sample"]')
    await watchJobs(
      async () =>
        (await sample.count()) > 0 || (await page.locator('[data-test="capture-error"]').count()) > 0,
    )
    expect(await sample.innerText()).toContain('tap')
    expect(jobs.some((j) => /^Record "tap" on \S+: (Counting down|Recording)/.test(j))).toBe(true)
    await openStep(page, 'devices')
  })

  it('takes a port path typed by hand: refuses one that is not a path, shows a typed one as a card', async () => {
    const input = page.locator('[data-test="typed-port-path"] input')
    await input.fill('uno please')
    await expect
      .poll(() => page.locator('[data-test="typed-port"]').innerText())
      .toContain('Type a port path such as /dev/ttyUSB0')
    expect(await page.locator('[data-test="typed-port-add"]').isDisabled()).toBe(true)
    await input.fill('/dev/ttyMOTE-absent')
    await page.locator('[data-test="typed-port-add"]').click()
    const card = page.locator('[data-test="detected-devices"] [data-test="device-card"]').last()
    await expect.poll(() => card.innerText()).toContain('/dev/ttyMOTE-absent')
    expect(await card.innerText()).toContain('Typed')
    await expect.poll(() => card.getAttribute('class')).toContain('selected')
    // Nothing is there: the monitor says so where it was opened, in the service's words.
    await card.locator('[data-test="open-monitor"]').click()
    await expect
      .poll(() => page.locator('[data-test="serial-monitor"] [data-test="error-alert"]').innerText())
      .toContain('Could not open /dev/ttyMOTE-absent')
    await page.screenshot({ path: join(SHOTS, 'en-devices-typed-port.png') })
    // The same error in Chinese: the sentence for its code translated, the service's own sentence kept.
    await page.locator('[data-test="language-menu"]').click()
    await page.locator('.n-dropdown-option').getByText('简体中文').click()
    await page.locator('.n-dropdown-menu').waitFor({ state: 'detached' })
    const alert = page.locator('[data-test="serial-monitor"] [data-test="error-alert"]')
    await expect.poll(() => alert.innerText()).toContain('串口监视器无法打开端口')
    expect(await alert.innerText()).toContain('Could not open /dev/ttyMOTE-absent')
    await page.locator('[data-test="serial-monitor"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'zh-CN-devices-error-by-code.png') })
    await page.locator('[data-test="language-menu"]').click()
    await page.locator('.n-dropdown-option').getByText('English').click()
    await page.locator('.n-dropdown-menu').waitFor({ state: 'detached' })
    await card.locator('[data-test="forget-port"]').click()
    await expect.poll(() => page.locator('[data-test="detected-devices"]').count()).toBe(0)
  })

  it('stops the virtual Uno, which reads Stopped again', async () => {
    await uno().locator('[data-test="virtual-stop"]').click()
    await expect.poll(() => uno().locator('[data-test="virtual-start"]').count(), { timeout: 20_000 }).toBe(1)
    expect(await uno().locator('[data-test="device-state"]').innerText()).toBe('Stopped')
  })

  it('raised no page errors along the way', () => {
    expect(studio.errors).toEqual([])
  })
})
