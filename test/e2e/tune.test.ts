import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESSAGES } from '../../src/renderer/i18n'
import { mote } from '../cli/cli-helpers'
import { SHOTS, openStep, openStudio, type Studio } from './studio'

const en = MESSAGES.en.views.tune
let studio: Studio
let page: Page
let project: string

/** The gestures demo with a small finished search (3 candidates, rungs of 2 and 4 epochs) for the Uno. */
async function demoWithSearch(work: string, env: NodeJS.ProcessEnv): Promise<string> {
  const dir = join(work, 'gestures')
  const created = await mote(['demo', 'create', 'gestures', dir], env)
  expect(created.code, created.stderr).toBe(0)
  const tuned = await mote(
    ['tune', '--project', dir, '--board', 'uno', '--candidates', '3', '--epochs', '4'],
    env,
  )
  expect(tuned.code, tuned.stderr).toBe(0)
  return dir
}

beforeAll(async () => {
  studio = await openStudio({
    name: 'tune',
    prepare: async (work, env) => (project = await demoWithSearch(work, env)),
  })
  page = studio.page
  await openStep(page, 'design')
}, 300_000)

afterAll(async () => {
  await studio?.close()
})

const designOnDisk = async () => JSON.parse(await readFile(join(project, 'design.json'), 'utf8')) as unknown
const rowIds = () =>
  page
    .locator('[data-test^="tune-row-"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-test')!.replace('tune-row-', '')))

describe('the tuner panel in the Design view, in headless Chromium', () => {
  it('shows the stored search: summary, a Pareto chart and a row per candidate', async () => {
    const summary = page.locator('[data-test="tune-summary"]')
    await expect.poll(() => summary.innerText()).toMatch(/^Finished: 4 of 4 trials on uno; 3 candidates fit/)
    expect(await rowIds()).toHaveLength(3)
    expect(await page.locator('[data-test="tune-chart"] canvas').count()).toBeGreaterThan(0)
    const tuner = page.locator('[data-test="tuner"]')
    await tuner.scrollIntoViewIfNeeded()
    await page.waitForTimeout(500)
    await tuner.screenshot({ path: join(SHOTS, 'en-tune-pareto-gestures-uno.png') })
    expect(studio.errors).toEqual([])
  })

  it('sorts the table by latency', async () => {
    const latencies = () =>
      page
        .locator('[data-test^="tune-row-"] td:nth-child(7)')
        .evaluateAll((cells) => cells.map((c) => Number.parseFloat(c.textContent ?? '')))
    const order = async () => {
      const v = await latencies()
      if (v.every((x, k) => k === 0 || v[k - 1]! <= x)) return 'ascending'
      if (v.every((x, k) => k === 0 || v[k - 1]! >= x)) return 'descending'
      return 'unsorted'
    }
    expect(await order()).toBe('unsorted') // best first: the most accurate is not the fastest here
    const header = page.locator('[data-test="tune-table"] th').getByText(en.columns.latency, { exact: true })
    await header.click()
    await expect.poll(order).not.toBe('unsorted')
    const first = await order()
    await header.click()
    await expect.poll(order).toBe(first === 'ascending' ? 'descending' : 'ascending')
  })

  it('adopts a candidate as the design and undoes it', async () => {
    const before = await designOnDisk()
    const id = (await rowIds())[0]!
    await page.locator(`[data-test="tune-adopt-${id}"]`).click()
    await expect
      .poll(() => page.locator('[data-test="tune-adopted"]').innerText())
      .toContain(`Candidate ${id}`)
    const state = JSON.parse(await readFile(join(project, 'tune.json'), 'utf8')) as {
      candidates: { id: string; design: unknown }[]
    }
    await expect.poll(designOnDisk).toEqual(state.candidates.find((c) => c.id === id)!.design)
    await page.locator('[data-test="tune-undo"]').click()
    await expect.poll(designOnDisk).toEqual(before)
    await expect.poll(() => page.locator('[data-test="tune-adopted"]').count()).toBe(0)
  })

  it('starts a new search, shows it as it is stored, and cancels it', async () => {
    await page.locator('[data-test="tune-candidates"] input').fill('9')
    await page.locator('[data-test="tune-start"]').click()
    // The new search is stored (and shown) before its first trial ends; then it is cancelled.
    await expect
      .poll(() => page.locator('[data-test="tune-summary"]').innerText(), { timeout: 60_000 })
      .toMatch(/^Stopped: \d+ of 13 trials on uno; 9 candidates fit/)
    await page.locator('[data-test="tune-cancel"]').click()
    await expect.poll(() => page.locator('[data-test="tune-start"]').count(), { timeout: 30_000 }).toBe(1)
    expect(await page.locator('[data-test="tune-summary"]').innerText()).toMatch(/^Stopped: \d+ of 13 trials/)
    expect(studio.errors).toEqual([])
  })
})
