/**
 * .tflite in and out of the Compress view, in headless Chromium through `mote serve`, on a project with no
 * trained model: a picked .tflite becomes an imported variant (an unsupported one is refused with its ops
 * named) and a variant is exported to a typed path.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTflite } from '../../src/core/codegen/tflite/reader'
import { MESSAGES } from '../../src/renderer/i18n'
import { mlperfTinyBytes } from '../fixtures/mlperf-tiny'
import { oneOpModel } from '../core/codegen/tflite/tflite-fixtures'
import { SHOTS, newProject, openStep, openStudio, type Studio } from './studio'

const en = MESSAGES.en.views.compress
let studio: Studio
let page: Page

beforeAll(async () => {
  studio = await openStudio({ name: 'compress-tflite', prepare: newProject('Imports') })
  page = studio.page
  await openStep(page, 'compress')
})

afterAll(async () => {
  await studio?.close()
})

const pick = (name: string, bytes: Uint8Array) =>
  page
    .locator('[data-test="tflite-import-file"]')
    .setInputFiles([{ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) }])

describe('the Compress view with .tflite files', () => {
  it('refuses a .tflite with an op Mote cannot run, naming the op', async () => {
    await pick('padded.tflite', oneOpModel({ deprecated: 34, builtin: 34 }))
    await expect
      .poll(() => page.locator('[data-test="compress-error"]').innerText())
      .toContain('unsupported ops: PAD')
    await page.screenshot({ path: join(SHOTS, 'compress-tflite-refused.png') })
  })

  it('imports an MLPerf Tiny model as a variant, listed without test accuracy', async () => {
    await pick('kws_ref_model.tflite', mlperfTinyBytes('kws_ref_model.tflite'))
    await expect
      .poll(() => page.locator('[data-test="tflite-imported"]').innerText())
      .toContain('Imported kws_ref_model.tflite as a variant')
    const table = page.locator('[data-test="variant-table"]')
    await expect.poll(() => table.innerText()).toContain('kws_ref_model')
    expect(await table.innerText()).toContain(en.table.notEvaluated)
    await page.screenshot({ path: join(SHOTS, 'compress-tflite-imported.png') })
  })

  it('exports the variant to the proposed path in the project folder, a file that reads back', async () => {
    await page.locator('[data-test="export-variant"]').first().click()
    const path = await page.locator('[data-test="tflite-export-path"] input').inputValue()
    expect(path).toBe(join(studio.work, 'project', 'kws_ref_model.tflite'))
    await page.locator('[data-test="tflite-export-run"]').click()
    await expect
      .poll(() => page.locator('[data-test="tflite-exported"]').innerText())
      .toMatch(/^Wrote .*kws_ref_model\.tflite \(\d+ bytes\)\.$/)
    await page.screenshot({ path: join(SHOTS, 'compress-tflite-exported.png') })
    const written = readTflite(new Uint8Array(await readFile(path)))
    expect(written).toEqual(readTflite(mlperfTinyBytes('kws_ref_model.tflite')))
    expect(studio.errors).toEqual([])
  })
})
