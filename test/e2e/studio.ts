import type { ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'
import { ROOT, mote, startServe } from '../cli/cli-helpers'
import { launchChromium } from './browser'

/** Where every end-to-end test saves its screenshots. */
export const SHOTS = join(ROOT, 'test-results/e2e')

export interface StudioOptions {
  /** Names the temporary work folder, for finding it when a test fails. */
  readonly name: string
  /** Makes what the test needs in the work folder; returns the project folder to serve (none: no project). */
  readonly prepare?: (work: string, env: NodeJS.ProcessEnv) => Promise<string | undefined>
  /** Extra environment for the CLI and the server, e.g. a cache folder of the test's own. */
  readonly env?: (work: string) => NodeJS.ProcessEnv
  readonly viewport?: { readonly width: number; readonly height: number }
  /** Extra Chromium flags (fake media devices) and the permissions the page gets. */
  readonly chromiumArgs?: readonly string[]
  readonly permissions?: readonly string[]
}

export interface Studio {
  readonly work: string
  readonly env: NodeJS.ProcessEnv
  readonly serve: { readonly url: string; readonly port: number; readonly child: ChildProcess }
  readonly browser: Browser
  readonly page: Page
  /** Page errors and console errors seen so far; tests end by expecting none. */
  readonly errors: string[]
  close(): Promise<void>
}

/**
 * One studio for an end-to-end test file: a work folder with its own config, what `prepare` makes in it,
 * `mote serve` on it, and Debian's Chromium on the served URL — the same way a user starts serve mode.
 */
export async function openStudio(options: StudioOptions): Promise<Studio> {
  await mkdir(SHOTS, { recursive: true })
  const work = await mkdtemp(join(tmpdir(), `mote-e2e-${options.name}-`))
  const env = { MOTE_CONFIG_DIR: join(work, 'config'), ...options.env?.(work) }
  const project = await options.prepare?.(work, env)
  const serve = await startServe(project === undefined ? [] : ['--project', project], env)
  const browser = await launchChromium(options.chromiumArgs)
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } })
  if (options.permissions) await context.grantPermissions([...options.permissions])
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  await page.goto(serve.url)
  return {
    work,
    env,
    serve,
    browser,
    page,
    errors,
    async close() {
      await browser.close()
      if (serve.child.exitCode === null) {
        const exited = new Promise((resolve) => serve.child.once('exit', resolve))
        serve.child.kill('SIGTERM')
        await exited
      }
    },
  }
}

/** `prepare` for a new empty project named `name`. */
export function newProject(name: string) {
  return async (work: string, env: NodeJS.ProcessEnv) => {
    const dir = join(work, 'project')
    const created = await mote(['project', 'new', dir, '--name', name], env)
    expect(created.code, created.stderr).toBe(0)
    return dir
  }
}

/** `prepare` for a demo project (`mote demo create`). */
export function demoProject(kind: 'gestures' | 'keywords') {
  return async (work: string, env: NodeJS.ProcessEnv) => {
    const dir = join(work, kind)
    const created = await mote(['demo', 'create', kind, dir], env)
    expect(created.code, created.stderr).toBe(0)
    return dir
  }
}

/** Opens a pipeline step from the left rail and waits for its route. */
export async function openStep(page: Page, step: string): Promise<void> {
  await page.locator(`[data-test="nav-${step}"]`).click()
  await page.waitForURL(`**/#/${step}`)
}

/**
 * Screenshots of the page as it is, in the light and the dark theme (the studio follows the system's
 * scheme until the user picks one): `<name>.png` and `<name>-dark.png` in test-results/e2e.
 */
export async function screenshotThemes(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' })
  await page.waitForTimeout(150) // one repaint of the charts
  await page.screenshot({ path: join(SHOTS, `${name}.png`) })
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(() => page.locator('.shell').getAttribute('data-theme')).toBe('dark')
  await page.waitForTimeout(150)
  await page.screenshot({ path: join(SHOTS, `${name}-dark.png`) })
  await page.emulateMedia({ colorScheme: 'light' })
  await expect.poll(() => page.locator('.shell').getAttribute('data-theme')).toBe('light')
}

/** True when the element's box lies within the viewport (scrolled into view). */
export async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect()
    const height = (globalThis as unknown as { innerHeight: number }).innerHeight
    return r.top >= 0 && r.top < height && r.bottom > 0
  })
}
