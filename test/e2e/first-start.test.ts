import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHOTS, openStudio, type Studio } from './studio'

let studio: Studio

beforeAll(async () => {
  studio = await openStudio({ name: 'first-start' })
})

afterAll(async () => {
  await studio?.close()
})

describe('a first start, with no project ever opened', () => {
  it('opens on the Projects view and offers the demo projects', async () => {
    const page = studio.page
    await page.waitForURL('**/#/project')
    await expect
      .poll(() => page.locator('[data-test="view-project"]').innerText())
      .toContain('Try a demo project')
    await page.screenshot({ path: join(SHOTS, 'en-first-start.png') })
  })
})
