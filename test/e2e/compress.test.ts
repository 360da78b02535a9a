import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESSAGES } from '../../src/renderer/i18n'
import { mote } from '../cli/cli-helpers'
import { SHOTS, openStep, openStudio, type Studio } from './studio'

const en = MESSAGES.en.views.compress
const zh = MESSAGES['zh-CN'].views.compress
let studio: Studio
let page: Page
let project: string
let env: NodeJS.ProcessEnv
let errors: string[]

beforeAll(async () => {
  studio = await openStudio({
    name: 'compress',
    prepare: async (work, studioEnv) => {
      project = join(work, 'gestures')
      expect((await mote(['demo', 'create', 'gestures', project], studioEnv)).code).toBe(0)
      expect((await mote(['train', '--project', project, '--epochs', '20'], studioEnv)).code).toBe(0)
      return project
    },
  })
  ;({ page, errors, env } = studio)
  await openStep(page, 'compress')
})

afterAll(async () => {
  await studio?.close()
})

const rows = () => page.locator('[data-test="variant-name"]').allInnerTexts()

async function pickMethod(label: string): Promise<void> {
  await page.locator('[data-test="compress-method"]').click()
  await page.locator('.n-base-select-option').getByText(label, { exact: true }).click()
  await expect.poll(() => page.locator('[data-test="compress-method"]').innerText()).toContain(label)
}

async function waitForRows(count: number): Promise<void> {
  await expect.poll(async () => (await rows()).length, { timeout: 90_000 }).toBe(count)
}

describe('the Compress view in headless Chromium', () => {
  it('teaches what to do before the first variant', async () => {
    await expect.poll(() => page.locator('[data-test="compress-form"]').isVisible()).toBe(true)
    await expect
      .poll(() => page.locator('[data-test="empty-state"]').innerText())
      .toContain(en.noVariantsTitle)
    await expect.poll(() => page.locator('[data-test="compress-about"]').innerText()).toBe(en.form.about.ptq)
    await page.screenshot({ path: join(SHOTS, 'compress-en-empty.png') })
  })

  it('runs int8 PTQ from the top bar and lists it beside the float32 baseline', async () => {
    await page.keyboard.press('Control+Enter')
    await waitForRows(2)
    expect(await rows()).toEqual(['float32 baseline', 'int8 PTQ'])
    const table = await page.locator('[data-test="variant-table"]').innerText()
    expect(table).toContain('3.7× smaller')
    expect(table).toMatch(/\+0\.00 pp|−0\.\d\d pp/)
    await expect
      .poll(() => page.locator('[data-test="accuracy-size-chart"] canvas').count())
      .toBeGreaterThan(0)
    await page.screenshot({ path: join(SHOTS, 'compress-en-ptq.png') })
  })

  it('prunes through the form, then clusters the pruned variant with Huffman coding', async () => {
    await pickMethod(en.form.methods.prune)
    await page.locator('[data-test="compress-sparsity"] input').fill('0.7')
    await page.locator('[data-test="compress-run"]').click()
    await expect
      .poll(() => page.locator('[data-test="compress-progress"]').isVisible(), { timeout: 20_000 })
      .toBe(true)
    await page.screenshot({ path: join(SHOTS, 'compress-en-running.png') })
    await waitForRows(3)
    await pickMethod(en.form.methods.cluster)
    await page.locator('[data-test="compress-bits"] input').fill('3')
    await page.locator('[data-test="compress-from"]').click()
    await page
      .locator('.n-base-select-option')
      .getByText('pruned 70 % sparse + int8', { exact: true })
      .click()
    await page.locator('[data-test="compress-run"]').click()
    await waitForRows(4)
    expect((await rows())[3]).toBe('clustered 3-bit + Huffman + int8 (from pruned 70 % sparse + int8)')
    await page.locator('[data-test="variant-table"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'compress-en-table.png') })
  })

  it('chooses a variant for deployment', async () => {
    await page.locator('[data-test="use-variant"]').last().click()
    await expect
      .poll(() => page.locator('[data-test="variant-table"]').innerText())
      .toContain(en.table.chosen)
    await expect.poll(() => page.locator('[data-test="use-variant"]').count()).toBe(3)
    await page.screenshot({ path: join(SHOTS, 'compress-en-chosen.png') })
  })

  it('shows progress from the click on, and a cancelled run as cancelled, not failed', async () => {
    await pickMethod(en.form.methods.qat)
    await page.locator('[data-test="compress-epochs"] input').fill('300')
    await page.locator('[data-test="compress-run"]').click()
    await expect
      .poll(() => page.locator('[data-test="compress-progress"]').innerText(), { timeout: 10_000 })
      .toMatch(/^Compressing: (starting the job|Starting|Reading the trained model|Computing features)/)
    await expect
      .poll(() => page.locator('[data-test="compress-progress"]').innerText(), { timeout: 60_000 })
      .toContain('Fine-tuning: epoch')
    await page.keyboard.press('Escape')
    await expect
      .poll(() => page.locator('[data-test="compress-cancelled"]').innerText(), { timeout: 30_000 })
      .toBe('The compression was cancelled; nothing of it was kept.')
    expect(await page.locator('[data-test="compress-error"]').count()).toBe(0)
    // The form is ready again once the status has been read after the job's end.
    await expect
      .poll(() => page.locator('[data-test="compress-run"]').getAttribute('class'), { timeout: 30_000 })
      .not.toContain('n-button--loading')
    await page.screenshot({ path: join(SHOTS, 'en-compress-cancelled.png') })
    await page.locator('[data-test="compress-epochs"] input').fill('')
    await pickMethod(en.form.methods.cluster)
  })

  it('shows a refused option as a sentence with the fix where the action was taken', async () => {
    await page.locator('[data-test="compress-bits"] input').fill('8')
    await page.locator('[data-test="compress-from"]').click()
    await page.locator('.n-base-select-option').getByText(en.form.fromModel, { exact: true }).click()
    await page.locator('[data-test="compress-run"]').click()
    await expect
      .poll(() => page.locator('[data-test="compress-error"]').innerText(), { timeout: 60_000 })
      .toMatch(/fewer than the 256 clusters of 8-bit clustering\. Use at most \d bits/)
    await page.screenshot({ path: join(SHOTS, 'compress-en-error.png') })
    await waitForRows(4)
  })

  it('shows the view in Simplified Chinese', async () => {
    await page.locator('[data-test="language-menu"]').click()
    await page.locator('.n-dropdown-option').getByText('简体中文').click()
    await page.locator('.n-dropdown-menu').waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('[data-test="view-title"]').innerText()).toBe(zh.title)
    const table = await page.locator('[data-test="variant-table"]').innerText()
    expect(table).toContain(zh.table.accuracy)
    expect(table).toContain(zh.table.chosen)
    expect(table).toContain(zh.names.float)
    await page.screenshot({ path: join(SHOTS, 'compress-zh-CN-table.png') })
    await page.locator('[data-test="view-compress"]').evaluate((el) => el.closest('main')?.scrollTo(0, 0))
    await page.screenshot({ path: join(SHOTS, 'compress-zh-CN-top.png') })
    expect(errors).toEqual([])
  })
})

describe('mote compress on the same project', () => {
  it('lists the variants made in the browser as JSON, the chosen one included', async () => {
    const result = await mote(['compress', '--project', project, '--json'], env)
    expect(result.code).toBe(0)
    const out = JSON.parse(result.stdout) as {
      variants: { method: string; chosen: boolean }[]
      chosenId: string
    }
    expect(out.variants.map((v) => v.method)).toEqual(['float', 'ptq', 'prune', 'cluster'])
    expect(out.variants.find((v) => v.chosen)?.method).toBe('cluster')
  })

  it('makes a variant and prints the table with the ratio to float32', async () => {
    const result = await mote(
      ['compress', '--project', project, '--method', 'prune', '--filters', '0.5', '--epochs', '5'],
      env,
    )
    expect(result.code).toBe(0)
    // The name says the epochs, which differ from prune's default (names.ts).
    expect(result.stdout).toMatch(/Stored variant v-[a-z0-9-]+ \(pruned 50 % filters \+ int8 \(5 epochs\)\)/)
    expect(result.stdout).toMatch(
      /pruned 50 % filters \+ int8 \(5 epochs\) +\d+\.\d\d% +[+−]\d\.\d\d pp +515 +575 B \(7\.8×\)/,
    )
    expect(result.stderr).toContain('Removed filters/neurons: dense1 20 → 10, dense2 10 → 5.')
  })

  it('refuses bad options with a usage error (exit 2) and a failing run with its sentence (exit 1)', async () => {
    const usage = await mote(
      ['compress', '--project', project, '--method', 'prune', '--sparsity', 'lots'],
      env,
    )
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('--sparsity must be a number, not "lots".')
    const failed = await mote(['compress', '--project', project, '--method', 'prune', '--sparsity', '1'], env)
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain(
      'Sparsity must be at least 0 and below 1 (1 would remove every weight), not 1.',
    )
  })
})
