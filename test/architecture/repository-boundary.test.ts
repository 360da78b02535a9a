import { createReadStream, readFileSync, readdirSync, realpathSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { REPOSITORY_ROOT as ROOT, allowedFolders, installReadGuard, isOutside } from '../setup/read-guard'
import { sourceFiles } from './import-scanner'
import { outsidePaths, outsidePathsIn } from './outside-paths'

describe('tests and benchmarks stay inside the repository', () => {
  it('name no path outside it in test/ or bench/ (relative paths that climb out, absolute ones on this machine)', async () => {
    const files = [...(await sourceFiles(join(ROOT, 'test'))), ...(await sourceFiles(join(ROOT, 'bench')))]
    expect(files.length).toBeGreaterThan(100)
    expect(await outsidePathsIn(files, ROOT, allowedFolders())).toEqual([])
  })

  // The run-time half: test/setup/guard-reads.ts fails any test whose process reads outside it.
})

describe('the path scanner', () => {
  const fixture = join(ROOT, 'test/fixtures/example.ts')

  it('finds a relative path that climbs out of the repository from the file’s folder, in any string form', () => {
    for (const source of [
      "const dir = new URL('../../../shared/models', import.meta.url)",
      'const dir = resolve(import.meta.dirname, "../../..", "x")',
      'const file = `../../../shared/models/${name}`',
      "import { x } from '../../../shared/x'",
    ])
      expect(outsidePaths(fixture, source, ROOT, []), source).toHaveLength(1)
  })

  it('lets relative paths inside the repository and comments pass', () => {
    const source = [
      "import { x } from '../../src/core/x'",
      "const models = new URL('../../resources/models/mlperf-tiny', import.meta.url)",
      "// '../../../shared' is where they came from",
    ].join('\n')
    expect(outsidePaths(fixture, source, ROOT, [])).toEqual([])
  })

  it('finds an absolute path that exists outside the allowed folders, not one that does not exist', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'mote-outside-'))
    await writeFile(join(outside, 'model.tflite'), 'bytes')
    try {
      const source = `const a = '${outside}/model.tflite'\nconst b = '/home/ada/.arduino15/packages'\nconst c = '/'`
      expect(outsidePaths(fixture, source, ROOT, [ROOT]).map((p) => p.literal)).toEqual([
        `${outside}/model.tflite`,
      ])
      expect(outsidePaths(fixture, source, ROOT, [ROOT, outside])).toEqual([])
    } finally {
      await rm(outside, { recursive: true })
    }
  })
})

describe('the read guard', () => {
  let outside: string
  beforeEach(async () => {
    outside = await mkdtemp(join(tmpdir(), 'mote-outside-'))
    await writeFile(join(outside, 'model.tflite'), 'bytes')
  })
  afterEach(() => rm(outside, { recursive: true, force: true }))

  it('records each read outside the allowed folders once, through fs, fs/promises and streams', async () => {
    const file = join(outside, 'model.tflite')
    const guard = installReadGuard([ROOT, realpathSync(join(ROOT, 'node_modules'))])
    try {
      readFileSync(file)
      await readFile(file)
      readdirSync(outside)
      createReadStream(file).destroy()
      readFileSync(join(ROOT, 'package.json'))
      expect(guard.take()).toEqual([file, outside])
    } finally {
      guard.uninstall()
    }
    readFileSync(file)
    expect(guard.take()).toEqual([])
  })

  it('allows the repository, its node_modules wherever they link, the temporary and system folders', () => {
    const allowed = allowedFolders(ROOT, {})
    expect(isOutside(join(ROOT, 'resources/models/mlperf-tiny/ad01_int8.tflite'), allowed)).toBe(false)
    expect(isOutside(join(realpathSync(join(ROOT, 'node_modules')), 'vite/package.json'), allowed)).toBe(
      false,
    )
    expect(isOutside(join(tmpdir(), 'mote-x'), allowed)).toBe(false)
    if (process.platform !== 'win32') expect(isOutside('/usr/lib/avr/include/avr/io.h', allowed)).toBe(false)
    // What lies beside a clone outside the allowed folders (this clone itself may be in /tmp, where all is).
    expect(isOutside('/srv/clones/shared/models/kws_ref_model.tflite', allowed)).toBe(true)
  })
})
