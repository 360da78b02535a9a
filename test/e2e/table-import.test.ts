import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { digitsCsv, generateDigitsTable } from '../../src/core/demo/digits'
import { SHOTS, newProject, openStep, openStudio, type Studio } from './studio'

/** The import dialog's table option: a CSV whose rows are samples, its label column chosen from the header. */
let studio: Studio
let page: Page

beforeAll(async () => {
  studio = await openStudio({ name: 'table-import', prepare: newProject('Digits table') })
  page = studio.page
  await openStep(page, 'dataset')
})

afterAll(async () => {
  await studio?.close()
})

const summary = () => page.locator('[data-test="dataset-summary"]').innerText()

async function pickColumn(name: string): Promise<void> {
  // 65 columns: the menu draws the options near the chosen one, so the name is typed to filter them.
  await page.locator('[data-test="import-label-column"]').click()
  await page.keyboard.type(name)
  await page
    .locator('.n-base-select-menu:visible .n-base-select-option')
    .getByText(name, { exact: true })
    .click()
  await expect.poll(() => page.locator('.n-base-select-menu:visible').count()).toBe(0)
}

describe('importing a table in the Dataset view', () => {
  it('offers the header as label columns, refuses a column of one class, and imports one sample per row', async () => {
    const table = generateDigitsTable({ perClass: 4 })
    // A constant column (in place of the top-left pixel, blank in most digits): a wrong choice a user can make.
    const csv = digitsCsv(table)
      .trimEnd()
      .split('\n')
      .map((line, i) => (i === 0 ? 'batch' : '7') + line.slice(line.indexOf(',')))
      .join('\n')
    await page.locator('[data-test="open-import"]').first().click()
    await page
      .locator('[data-test="import-files"]')
      .setInputFiles([{ name: 'digits.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }])
    await page.locator('[data-test="import-as-table"]').click()
    // The column named "label" is chosen for the user; the other 64 columns are the features.
    await expect.poll(() => page.locator('[data-test="import-label-column"]').innerText()).toBe('label')
    expect(await page.locator('[data-test="import-table-hint"]').innerText()).toBe(
      'the other 64 columns are the features',
    )
    await pickColumn('batch')
    await page.locator('[data-test="import-run"]').click()
    await expect
      .poll(() => page.locator('[data-test="import-error"]').innerText())
      .toContain('The label column holds only one class')
    expect(await page.locator('[data-test="import-error"]').innerText()).toContain(
      'The label column "batch" holds one class only ("7", in all 40 rows)',
    )
    await page.screenshot({ path: join(SHOTS, 'en-dataset-table-one-class.png') })

    await pickColumn('label')
    await page.locator('[data-test="import-run"]').click()
    // The project was empty: once it has samples the view leaves its empty state, and the dialog with it.
    await expect.poll(summary).toBe('40 samples: 30 for training, 10 for testing')
    expect(await page.locator('[data-test="shown-count"]').innerText()).toBe('40 shown')
    await page.screenshot({ path: join(SHOTS, 'en-dataset-table-import.png') })
    expect(studio.errors).toEqual([])
  })
})
