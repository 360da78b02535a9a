import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sample } from '../../src/core/dataset/sample'
import { exportSample } from '../../src/core/dataset/formats/sample-files'
import { mote } from '../cli/cli-helpers'
import { SHOTS, openStep, openStudio, screenshotThemes, type Studio } from './studio'

/** The Dataset view end to end on a project filled by `mote import` with series, audio and an image. */
let studio: Studio
let page: Page
let work: string
let errors: string[]

function sample(
  label: string,
  kind: Sample['meta']['kind'],
  length: number,
  rateHz: number,
  seed: number,
): Sample {
  const axes = kind === 'timeseries' ? 3 : kind === 'audio' ? 1 : 3
  const values = new Float32Array(length * axes)
  for (let i = 0; i < values.length; i++) {
    const t = Math.floor(i / axes)
    values[i] =
      kind === 'audio'
        ? Math.round(Math.sin((2 * Math.PI * 440 * t) / rateHz) * (0.2 + 0.6 * (t / length)) * 32767) / 32768
        : kind === 'image'
          ? ((t % 32) * 8 + (i % 3) * 60) % 256
          : Math.sin(t / (6 + seed) + (i % axes)) * (2 + seed) + (i % axes)
  }
  return {
    meta: {
      id: `s-seed-${label}-${seed}`,
      kind,
      label,
      category: 'training',
      rateHz: kind === 'image' ? 0 : rateHz,
      axes:
        kind === 'audio'
          ? [{ name: 'audio', unit: '' }]
          : ['accX', 'accY', 'accZ'].map((name) => ({ name, unit: kind === 'image' ? '' : 'm/s²' })),
      length,
      ...(kind === 'image' ? { image: { width: 32, height: 32 } } : {}),
      source: 'seed',
      createdAt: new Date().toISOString(),
    },
    values,
  }
}

beforeAll(async () => {
  studio = await openStudio({
    name: 'dataset',
    prepare: async (workDir, env) => {
      const seed = join(workDir, 'seed')
      await mkdir(seed)
      const samples = [
        ...Array.from({ length: 5 }, (_, i) => sample('wave', 'timeseries', 200, 100, i)),
        ...Array.from({ length: 5 }, (_, i) => sample('idle', 'timeseries', 200, 100, i + 5)),
        sample('walk', 'timeseries', 1000, 100, 11),
        sample('yes', 'audio', 16000, 16000, 12),
        { ...sample('cat', 'image', 32 * 32, 0, 13) },
      ]
      for (const s of samples) {
        const file = exportSample(s, 'csv')
        await writeFile(join(seed, file.name), file.bytes)
      }
      const project = join(workDir, 'gestures')
      expect((await mote(['project', 'new', project, '--name', 'Gestures'], env)).code).toBe(0)
      const imported = await mote(['import', seed, '--project', project], env)
      expect(imported.stderr).toBe('')
      expect(imported.code).toBe(0)
      return project
    },
  })
  ;({ page, work, errors } = studio)
  await openStep(page, 'dataset')
})

afterAll(async () => {
  await studio?.close()
})

const rows = () => page.locator('[data-test="sample-row"]')
/** How many samples the table holds under the current filter (rows are virtual: not all are drawn). */
const shown = async () => Number((await page.locator('[data-test="shown-count"]').innerText()).split(' ')[0])
const summary = () => page.locator('[data-test="dataset-summary"]').innerText()

async function selectRows(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await rows().nth(i).locator('.n-checkbox').click()
}

async function pick(select: string, text: string): Promise<void> {
  await page.locator(`[data-test="${select}"]`).click()
  await page
    .locator('.n-base-select-menu:visible .n-base-select-option')
    .filter({ hasText: text })
    .first()
    .click()
  await expect.poll(() => page.locator('.n-base-select-menu:visible').count()).toBe(0)
}

async function closeDialog(name: string): Promise<void> {
  await page.locator(`[data-test="${name}"] .n-card-header__close`).click()
  await expect.poll(() => page.locator(`[data-test="${name}"]:visible`).count()).toBe(0)
}

async function openSample(label: string): Promise<void> {
  await pick('filter-label', label)
  await rows().first().locator('td').nth(2).click()
  await pick('filter-label', 'All')
}

describe('the Dataset view in headless Chromium', () => {
  it('shows counts per label and split as a chart and every sample with a thumbnail', async () => {
    await expect.poll(summary).toBe('13 samples: 11 for training, 2 for testing')
    await expect.poll(shown).toBe(13)
    await expect.poll(() => page.locator('[data-test="sample-thumb"]').count()).toBeGreaterThan(5)
    await page.screenshot({ path: join(SHOTS, 'en-dataset-table.png') })
  })

  it('filters by label, split, source, rate and axes, and sorts by any of them', async () => {
    await pick('filter-label', 'idle')
    await expect.poll(shown).toBe(5)
    await expect.poll(() => rows().count()).toBe(5)
    await pick('filter-category', 'Testing')
    await expect.poll(shown).toBe(1)
    await page.locator('[data-test="clear-filters"]').click()
    await expect.poll(shown).toBe(13)
    await pick('filter-rate', '16000 Hz (1)')
    await expect.poll(() => rows().first().innerText()).toContain('yes')
    await pick('filter-rate', 'All')
    await pick('filter-axes', 'accX, accY, accZ (11)')
    await expect.poll(shown).toBe(11)
    await pick('filter-source', 'walk')
    await expect.poll(shown).toBe(1)
    await page.locator('[data-test="clear-filters"]').click()
    await pick('sort-key', 'Length')
    await page.locator('[data-test="sort-order"]').click()
    await expect.poll(() => rows().first().innerText()).toContain('walk')
    await screenshotThemes(page, 'en-dataset-filters')
    await pick('sort-key', 'Label')
    await page.locator('[data-test="sort-order"]').click()
    await expect.poll(() => rows().first().innerText()).toContain('cat')
  })

  it('relabels samples out of the filter: they leave the selection too, and Ctrl+Z undoes it', async () => {
    await pick('filter-label', 'wave')
    await expect.poll(shown).toBe(5)
    await selectRows(2)
    await expect
      .poll(() => page.locator('[data-test="selection-actions"]').innerText())
      .toContain('2 selected')
    await page.locator('[data-test="relabel-input"] input').fill('circle')
    await page.locator('[data-test="relabel"]').click()
    await expect.poll(shown).toBe(3)
    expect(await page.locator('[data-test="selection-actions"]').count()).toBe(0)
    await page.screenshot({ path: join(SHOTS, 'en-dataset-relabel.png') })
    await page.locator('[data-test="dataset-summary"]').click() // focus out of the label field
    await page.keyboard.press('Control+z')
    await expect.poll(shown).toBe(5)
    await pick('filter-label', 'All')
    await expect.poll(() => page.locator('[data-test="sample-table"]').innerText()).not.toContain('circle')
  })

  it('asks before a label that differs from an existing one only by case or spaces', async () => {
    await selectRows(1)
    await page.locator('[data-test="relabel-input"] input').fill('Idle ')
    await page.locator('[data-test="relabel"]').click()
    const dialog = page.locator('.n-dialog')
    await expect
      .poll(() => dialog.innerText())
      .toContain('"Idle" differs from the existing label "idle" only by capitals or spaces')
    await page.screenshot({ path: join(SHOTS, 'en-dataset-similar-label.png') })
    await dialog.getByText('Use "idle"').click()
    await expect.poll(() => page.locator('.n-dialog').count()).toBe(0)
    await expect.poll(summary).toBe('13 samples: 11 for training, 2 for testing')
    await expect.poll(() => page.locator('[data-test="counts-chart"]').count()).toBe(1)
    expect(await page.locator('[data-test="filter-label"]').innerText()).toBe('All')
    await pick('filter-label', 'idle')
    await expect.poll(shown).toBe(6)
    await page.locator('[data-test="undo"]').click()
    await expect.poll(shown).toBe(5)
    await pick('filter-label', 'All')
  })

  it('deletes a selected sample, and undo brings it back', async () => {
    await selectRows(2)
    await page.locator('[data-test="delete"]').click()
    await expect.poll(shown).toBe(11)
    await expect.poll(() => page.locator('[data-test="undo"]').innerText()).toBe('Undo delete (2 samples)')
    await page.locator('[data-test="undo"]').click()
    await expect.poll(shown).toBe(13)
  })

  it('crops a long recording to a range and splits it into windows', async () => {
    await openSample('walk')
    await expect
      .poll(() => page.locator('[data-test="sample-detail"] [data-test="sample-plot"]').count())
      .toBe(1)
    await page.locator('[data-test="crop-from"] input').fill('2')
    await page.locator('[data-test="crop-from"] input').blur()
    await page.locator('[data-test="crop-to"] input').fill('6')
    await page.locator('[data-test="crop-to"] input').blur()
    await page.screenshot({ path: join(SHOTS, 'en-dataset-crop.png') })
    await page.locator('[data-test="crop"]').click()
    await expect.poll(() => page.locator('[data-test="sample-detail"]').innerText()).toContain('walk')
    await pick('filter-label', 'walk')
    await expect.poll(() => rows().first().innerText()).toContain('4.00 s')
    await page.locator('[data-test="split-window"] input').fill('1000')
    await page.locator('[data-test="split-window"] input').blur()
    await page.locator('[data-test="split"]').click()
    await page.screenshot({ path: join(SHOTS, 'en-dataset-split.png') })
    await expect.poll(shown).toBe(4)
    await pick('filter-label', 'All')
  })

  it('shows audio as waveform and spectrogram with a player', async () => {
    await openSample('yes')
    await expect
      .poll(() => page.locator('[data-test="sample-detail"] [data-test="spectrogram"]').count())
      .toBe(1)
    expect(await page.locator('[data-test="sample-detail"] [data-test="audio-player"]').count()).toBe(1)
    await page.locator('[data-test="sample-detail"] [data-test="audio-player"]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'en-dataset-audio.png') })
  })

  it('names every broken file of an import, imports nothing from them, and counts in the plural', async () => {
    const before = await summary()
    await page.locator('[data-test="open-import"]').first().click()
    const good = {
      name: 'idle.8.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('timestamp,x,y\n0,1,2\n10,3,4\n'),
    }
    const broken = [
      { name: 'idle.7.csv', mimeType: 'text/csv', buffer: Buffer.from('timestamp,x,y\n0,1,2\n10,1\n') },
      { name: 'idle.9.csv', mimeType: 'text/csv', buffer: Buffer.from('timestamp,x,y\n0,1,2\n10,a,b\n') },
    ]
    await page.locator('[data-test="import-files"]').setInputFiles([...broken, good])
    await page.locator('[data-test="import-run"]').click()
    const list = page.locator('[data-test="import-error"] [data-test="import-broken"] li')
    await expect.poll(() => list.count()).toBe(2)
    expect(await page.locator('[data-test="import-error"]').innerText()).toContain(
      'Nothing was imported: 2 files could not be read.',
    )
    expect(await list.nth(0).innerText()).toMatch(
      /^idle\.7\.csv, line 3: the row has 2 fields but the header names 3/,
    )
    expect(await list.nth(1).innerText()).toMatch(/^idle\.9\.csv, line 3/)
    await page.screenshot({ path: join(SHOTS, 'en-dataset-import-error.png') })
    expect(await summary()).toBe(before)
    await page
      .locator('[data-test="import-dialog"] .n-checkbox')
      .filter({ hasText: 'Import the good files' })
      .click()
    await page.locator('[data-test="import-files"]').setInputFiles([...broken, good])
    await page.locator('[data-test="import-run"]').click()
    const result = page.locator('[data-test="import-result"]')
    await expect.poll(() => result.innerText()).toContain('Imported 1 sample from 1 file.')
    expect(await result.innerText()).toContain('Left out 2 files that could not be read:')
    expect(await result.locator('li').count()).toBe(2)
    await page.screenshot({ path: join(SHOTS, 'en-dataset-import-skipped.png') })
    await closeDialog('import-dialog')
  })

  it('suggests labels from folders for numbered files in label folders, and lists the files it left out', async () => {
    const raw = join(work, 'raw')
    for (const label of ['wave', 'idle']) {
      await mkdir(join(raw, label), { recursive: true })
      for (let k = 1; k <= 3; k++)
        await writeFile(join(raw, label, `${label}_00${k}.csv`), 'timestamp,x,y,z\n0,1,2,3\n10,4,5,6\n')
    }
    await writeFile(join(raw, 'README.md'), '# six recordings\n')
    const before = await summary()
    await page.locator('[data-test="open-import"]').first().click()
    await page.locator('[data-test="import-folder"]').setInputFiles(raw)
    await expect.poll(() => page.locator('[data-test="import-picked"]').innerText()).toBe('7 files chosen')
    await page.locator('[data-test="import-run"]').click()
    await expect
      .poll(() => page.locator('[data-test="import-error"]').innerText())
      .toMatch(
        /^These files look numbered inside label folders[^\n]*\n6 files would each get a label of their own .*"Label from the folder name"/,
      )
    await page.screenshot({ path: join(SHOTS, 'en-dataset-import-label-folders.png') })
    expect(await summary()).toBe(before)
    await page.locator('[data-test="import-dialog"] .n-radio').filter({ hasText: 'folder name' }).click()
    await page.locator('[data-test="import-run"]').click()
    await expect
      .poll(() => page.locator('[data-test="import-result"]').innerText())
      .toBe('Imported 6 samples from 6 files.')
    await expect
      .poll(() => page.locator('[data-test="import-skipped"]').innerText())
      .toMatch(/^Left out 1 file, not sample data:\s+raw\/README\.md: Mote imports/)
    await page.screenshot({ path: join(SHOTS, 'en-dataset-import-skipped.png') })
    await closeDialog('import-dialog')
  })

  it('exports the dataset as Edge Impulse JSON to a folder', async () => {
    const out = join(work, 'export')
    await page.locator('[data-test="open-export"]').first().click()
    await page.locator('[data-test="export-dir"] input').fill(out)
    await page.locator('[data-test="export-dialog"] .n-radio').filter({ hasText: 'Edge Impulse' }).click()
    await page.locator('[data-test="export-run"]').click()
    await expect
      .poll(() => page.locator('[data-test="export-result"]').innerText())
      .toMatch(/^Exported 23 samples to /)
    const files = [...(await readdir(join(out, 'training'))), ...(await readdir(join(out, 'testing')))]
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(22)
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(1)
    await closeDialog('export-dialog')
  })

  it('shows the Dataset view in Chinese', async () => {
    await page.locator('[data-test="language-menu"]').click()
    await page.locator('.n-dropdown-option').getByText('简体中文').click()
    await page.locator('.n-dropdown-menu').waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('[data-test="view-title"]').innerText()).toBe('数据集')
    await page.screenshot({ path: join(SHOTS, 'zh-CN-dataset-table.png') })
    await page.locator('[data-test="language-menu"]').click()
    await page.locator('.n-dropdown-option').getByText('English').click()
  })

  it('raised no page errors along the way', () => {
    expect(errors).toEqual([])
  })
})
