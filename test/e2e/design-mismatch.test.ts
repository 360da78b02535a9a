import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPtyPair, startScriptedBoard, type PtyPair } from '../main/services/capture/pty-pair'
import { SHOTS, demoProject, openStep, openStudio, screenshotThemes, type Studio } from './studio'

/**
 * A recording that does not match the design, end to end: the gestures demo (its design reads accX, accY,
 * accZ at 62.5 Hz) and a board printing 3 axes at 100 Hz. The mismatch is caught when the recording is
 * saved, fixed from the Capture view, and when left alone, training's error leads to those samples in
 * the Dataset view, where they are fixed too.
 */
let studio: Studio
let page: Page
let pty: PtyPair
let board: ChildProcess

beforeAll(async () => {
  pty = await openPtyPair()
  board = startScriptedBoard(pty.board, { rateHz: 100, axes: 3, lines: 10_000_000, sine: true })
  studio = await openStudio({ name: 'mismatch', prepare: demoProject('gestures') })
  page = studio.page
  await openStep(page, 'capture')
})

afterAll(async () => {
  await studio?.close()
  board?.kill('SIGTERM')
  await pty?.close()
})

const mismatch = () => page.locator('[data-test="capture-mismatch"]')

async function record(label: string): Promise<void> {
  await page.locator('[data-test="capture-label"] input').fill(label)
  await page.locator('[data-test="capture-seconds"] input').fill('2')
  await page.locator('[data-test="capture-seconds"] input').blur()
  await page.locator('[data-test="record-button"]').click()
  await expect
    .poll(() => page.locator('[data-test="new-sample"]').innerText(), { timeout: 30_000 })
    .toContain(label)
}

describe('a recording that does not match the design', () => {
  it('is caught when it is saved: the view says how it differs and offers to rename axes or resample', async () => {
    await page.locator('[data-test="capture-device"]').click()
    await page.keyboard.type(pty.host)
    await page.keyboard.press('Enter')
    await page.locator('[data-test="capture-protocol"]').click()
    await page.locator('.n-base-select-option').filter({ hasText: 'Lines of numbers' }).click()
    await record('wave')
    await expect
      .poll(() => mismatch().innerText(), { timeout: 20_000 })
      .toContain('This recording does not match the design')
    const text = await mismatch().innerText()
    expect(text).toMatch(/Its axes are \S+, \S+, \S+; the design reads accX, accY, accZ\./)
    expect(text).toMatch(/It was recorded at (99\.\d+|100(\.\d+)?) Hz; the design reads 62\.5 Hz\./)
    await mismatch().scrollIntoViewIfNeeded()
    await screenshotThemes(page, 'en-capture-mismatch')
  })

  it('renames the axes, then resamples to the design’s rate, after which the sample matches', async () => {
    await page.locator('[data-test="fix-rename-axes"]').click()
    await expect.poll(() => mismatch().innerText()).not.toContain('Its axes are')
    expect(await mismatch().innerText()).toContain('the design reads 62.5 Hz')
    await page.locator('[data-test="fix-resample"]').click()
    await expect
      .poll(() => page.locator('[data-test="capture-fixed"]').innerText())
      .toContain('now matches the design')
    expect(await mismatch().count()).toBe(0)
    await expect.poll(() => page.locator('[data-test="new-sample"]').innerText()).toContain('at 62.5 Hz')
    await page.screenshot({ path: join(SHOTS, 'en-capture-mismatch-fixed.png') })
  })

  it('left alone, makes training fail with a link to those samples in the Dataset view', async () => {
    await record('shake')
    await expect.poll(() => mismatch().count(), { timeout: 20_000 }).toBe(1)
    await openStep(page, 'train')
    await page.locator('[data-test="start-training"]').click()
    const error = page.locator('[data-test="train-error"]')
    await expect
      .poll(() => error.innerText(), { timeout: 60_000 })
      .toContain('Some samples do not match the design')
    expect(await error.innerText()).toContain("1 sample does not match the design's input")
    await page.screenshot({ path: join(SHOTS, 'en-train-mismatch-error.png') })
    await page.locator('[data-test="show-mismatched"]').click()
    await page.waitForURL('**/#/dataset?design=mismatch')
    await expect.poll(() => page.locator('[data-test="shown-count"]').innerText()).toBe('1 shown')
    await expect.poll(() => page.locator('[data-test="sample-row"]').first().innerText()).toContain('shake')
    await screenshotThemes(page, 'en-dataset-mismatched')
  })

  it('fixes them from the Dataset view’s selection, and they leave the filter', async () => {
    await page.locator('[data-test="sample-row"]').first().locator('.n-checkbox').click()
    await page.locator('[data-test="selection-actions"] [data-test="fix-rename-axes"]').click()
    await page.locator('[data-test="selection-actions"] [data-test="fix-resample"]').click()
    await expect.poll(() => page.locator('[data-test="shown-count"]').innerText()).toBe('none shown')
    expect(await page.locator('[data-test="filter-mismatched"]').innerText()).toBe(
      'None differ from the design',
    )
    expect(await page.locator('[data-test="selection-actions"]').count()).toBe(0)
  })

  it('raised no page errors along the way', () => {
    expect(studio.errors).toEqual([])
  })
})
