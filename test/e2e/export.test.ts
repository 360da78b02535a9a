/**
 * The Deploy view's exports in headless Chromium through `mote serve`: a C library and an Arduino library
 * of the project's chosen variant written to the proposed paths (files Info-ZIP reads), and a relative path
 * refused with the service's sentence.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createExportProject } from '../main/services/export/export-project'
import { unzipped } from '../main/services/export/library-tools'
import { readdir } from 'node:fs/promises'
import { SHOTS, openStep, openStudio, type Studio } from './studio'

let studio: Studio
let page: Page
let projectDir: string

beforeAll(async () => {
  studio = await openStudio({
    name: 'export',
    prepare: async () => {
      const fixture = await createExportProject()
      await fixture.project.close()
      projectDir = fixture.dir
      return fixture.dir
    },
  })
  page = studio.page
  await openStep(page, 'deploy')
}, 120_000)

afterAll(async () => {
  await studio?.close()
})

async function exportAs(format: string): Promise<string> {
  await page.locator(`[data-test="export-${format}"]`).click()
  const path = await page.locator('[data-test="export-out"] input').inputValue()
  await page.locator('[data-test="export-write"]').click()
  await expect
    .poll(() => page.locator('[data-test="export-done"]').innerText(), { timeout: 60_000 })
    .toMatch(/^Wrote /)
  return path
}

describe('the Deploy view’s exports', () => {
  it('writes a C library beside the project folder, a zip Info-ZIP reads', async () => {
    const path = await exportAs('c')
    expect(path).toBe(`${projectDir}-c.zip`)
    await page.screenshot({ path: join(SHOTS, 'deploy-export-c.png') })
    expect(await readdir(await unzipped(path))).toEqual(['Mote_Wrist_gestures_c'])
    await page.keyboard.press('Escape')
  }, 90_000)

  it('writes an Arduino library for the Uno by default', async () => {
    const path = await exportAs('arduino')
    expect(path).toBe(`${projectDir}-arduino.zip`)
    expect(await page.locator('[data-test="export-board"]').innerText()).toContain('Arduino Uno')
    await page.screenshot({ path: join(SHOTS, 'deploy-export-arduino.png') })
    expect(await readdir(await unzipped(path))).toEqual(['Mote_Wrist_gestures'])
    await page.keyboard.press('Escape')
  }, 90_000)

  it('shows the service’s sentence for a relative path', async () => {
    await page.locator('[data-test="export-tflite"]').click()
    await page.locator('[data-test="export-out"] input').fill('model.tflite')
    await page.locator('[data-test="export-write"]').click()
    await expect
      .poll(() => page.locator('[data-test="export-error"]').innerText())
      .toContain('must be a whole path')
    await page.screenshot({ path: join(SHOTS, 'deploy-export-refused.png') })
    expect(studio.errors).toEqual([])
  }, 60_000)
})
