import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPtyPair, startScriptedBoard, type PtyPair } from '../main/services/capture/pty-pair'
import { SHOTS, newProject, openStudio, openStep, type Studio } from './studio'

/**
 * The Capture view end to end: `mote serve` on a fresh project, a scripted board printing 6 axes at 1 kHz on
 * a socat pty, and Debian's Chromium with its fake microphone (a beep) and fake camera (a test pattern).
 */
let studio: Studio
let page: Page
let pty: PtyPair
let board: ChildProcess
let errors: string[]

beforeAll(async () => {
  pty = await openPtyPair()
  board = startScriptedBoard(pty.board, { rateHz: 1000, axes: 6, lines: 10_000_000, sine: true })
  studio = await openStudio({
    name: 'capture',
    prepare: newProject('Gestures'),
    chromiumArgs: [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ],
    permissions: ['microphone', 'camera'],
  })
  ;({ page, errors } = studio)
  await openStep(page, 'capture')
})

afterAll(async () => {
  await studio?.close()
  board?.kill('SIGTERM')
  await pty?.close()
})

async function pickOption(select: string, text: string): Promise<void> {
  await page.locator(`[data-test="${select}"]`).click()
  await page
    .locator('.n-base-select-menu:visible .n-base-select-option')
    .filter({ hasText: text })
    .first()
    .click()
  await expect.poll(() => page.locator('.n-base-select-menu:visible').count()).toBe(0)
}

async function setLabelAndLength(label: string, seconds: number): Promise<void> {
  await page.locator('[data-test="capture-label"] input').fill(label)
  const length = page.locator('[data-test="capture-seconds"] input')
  if (await length.count()) {
    await length.fill(String(seconds))
    await length.blur()
  }
}

describe('the Capture view in headless Chromium', () => {
  it('teaches what it needs when no board is connected', async () => {
    await expect
      .poll(() => page.locator('[data-test="empty-state"]').innerText())
      .toContain('No board to record from')
    await page.screenshot({ path: join(SHOTS, 'en-capture-empty.png') })
  })

  it('records 3 s from a board printing 6 axes at 1 kHz, plots it live, and shows the new sample', async () => {
    await page.locator('[data-test="capture-device"]').click()
    await page.keyboard.type(pty.host)
    await page.keyboard.press('Enter')
    await setLabelAndLength('vibration', 3)
    await pickOption('capture-protocol', 'Lines of numbers')
    await page.locator('[data-test="record-button"]').click()
    await expect.poll(() => page.locator('[data-test="countdown"]').count(), { timeout: 5000 }).toBe(1)
    await expect
      .poll(() => page.locator('[data-test="capture-phase"]').innerText(), { timeout: 15_000 })
      .toBe('Recording…')
    // Smoothness: how often the page paints while 6 000 values a second arrive and are plotted.
    // A string, so that this Node-typed test file needs no DOM types.
    const intervals = (await page.evaluate(`new Promise((resolve) => {
      const out = []
      let last = performance.now()
      const step = (now) => {
        out.push(now - last)
        last = now
        if (out.length < 90) requestAnimationFrame(step)
        else resolve(out)
      }
      requestAnimationFrame(step)
    })`)) as number[]
    await page.locator('[data-test="live-plot"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'en-capture-live.png') })
    const sorted = [...intervals].sort((a, b) => a - b)
    console.log(
      `live plot at 6 axes × 1 kHz: median frame ${sorted[45]!.toFixed(1)} ms, 95th percentile ${sorted[85]!.toFixed(1)} ms, worst ${sorted[89]!.toFixed(1)} ms`,
    )
    await expect
      .poll(() => page.locator('[data-test="new-sample"]').innerText(), { timeout: 20_000 })
      .toMatch(/ (29[7-9]\d|30[0-2]\d) frames at (99\d|100\d)(\.\d+)? Hz/)
    expect(await page.locator('[data-test="stream-info"]').innerText()).toMatch(
      /6 axes at (99\d|100\d)(\.\d+)? Hz/,
    )
    await page.locator('[data-test="new-sample"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'en-capture-sample.png') })
  })

  it('holds Record back while the length is empty, saying so, instead of asking the service', async () => {
    const length = page.locator('[data-test="capture-seconds"] input')
    await length.fill('')
    await length.blur()
    await expect
      .poll(() => page.locator('[data-test="capture-form"]').innerText())
      .toContain('Type a length in seconds.')
    expect(await page.locator('[data-test="record-button"]').isDisabled()).toBe(true)
    expect(await page.locator('[data-test="primary-action"]').isDisabled()).toBe(true)
    await page.screenshot({ path: join(SHOTS, 'en-capture-number-needed.png') })
    await length.fill('3')
    await length.blur()
    await expect.poll(() => page.locator('[data-test="record-button"]').isDisabled()).toBe(false)
  })

  it('keeps the last settings when the view is opened again', async () => {
    await page.locator('[data-test="nav-dataset"]').click()
    await page.locator('[data-test="nav-capture"]').click()
    expect(await page.locator('[data-test="capture-label"] input').inputValue()).toBe('vibration')
  })

  it('records 1 s from the microphone at 16 kHz with its waveform, spectrogram and player', async () => {
    await pickOption('capture-sensor', 'Microphone of this computer')
    await setLabelAndLength('beep', 1)
    await page.locator('[data-test="record-button"]').click()
    await expect
      .poll(() => page.locator('[data-test="new-sample"]').innerText(), { timeout: 20_000 })
      .toContain('16000 frames at 16000 Hz')
    expect(await page.locator('[data-test="new-sample"] [data-test="spectrogram"]').count()).toBe(1)
    expect(await page.locator('[data-test="audio-player"]').count()).toBe(1)
    await page.locator('[data-test="new-sample"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'en-capture-microphone.png') })
  })

  it('takes a 96×96 picture from the camera', async () => {
    await pickOption('capture-sensor', 'Camera of this computer')
    await setLabelAndLength('pattern', 1)
    await expect
      .poll(
        () =>
          page
            .locator('[data-test="camera-preview"]')
            .evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0)
    await page.locator('[data-test="record-button"]').click()
    await expect
      .poll(() => page.locator('[data-test="new-sample"]').innerText(), { timeout: 20_000 })
      .toContain('96×96')
    await page.locator('[data-test="new-sample"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'en-capture-camera.png') })
  })

  it('shows the Capture view in Chinese', async () => {
    await page.locator('[data-test="language-menu"]').click()
    await page.locator('.n-dropdown-option').getByText('简体中文').click()
    await page.locator('.n-dropdown-menu').waitFor({ state: 'detached' })
    await pickOption('capture-sensor', '串口上的开发板')
    await expect.poll(() => page.locator('[data-test="view-title"]').innerText()).toBe('采集')
    await page.locator('[data-test="view-title"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'zh-CN-capture-form.png') })
    await page.locator('[data-test="language-menu"]').click()
    await page.locator('.n-dropdown-option').getByText('English').click()
  })

  it('raised no page errors along the way', () => {
    expect(errors).toEqual([])
  })
})
