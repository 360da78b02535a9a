import type { ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, startServe } from '../cli/cli-helpers'
import { launchChromium } from './browser'

const SHOTS = join(ROOT, 'test-results/e2e')
let browser: Browser
let serve: { url: string; child: ChildProcess }

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true })
  const work = await mkdtemp(join(tmpdir(), 'mote-e2e-first-'))
  serve = await startServe([], { MOTE_CONFIG_DIR: join(work, 'config') })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  serve?.child.kill('SIGTERM')
})

describe('a first start, with no project ever opened', () => {
  it('opens on the Projects view and offers the demo projects', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(serve.url)
    await page.waitForURL('**/#/project')
    await expect
      .poll(() => page.locator('[data-test="view-project"]').innerText())
      .toContain('Try a demo project')
    await page.screenshot({ path: join(SHOTS, 'en-first-start.png') })
  })
})
