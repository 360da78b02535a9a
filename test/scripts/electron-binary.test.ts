import { spawnSync } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  NO_ELECTRON_BINARY,
  afterNpmCi,
  hasElectronBinary,
  isElectronInstallFailure,
} from '../../scripts/electron-binary.mjs'

const ROOT = join(import.meta.dirname, '../..')
const fixture = (name: string) => readFile(join(ROOT, 'test/fixtures/setup', name), 'utf8')

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'mote-electron-binary-'))
})
afterEach(() => rm(work, { recursive: true, force: true }))

/** A folder with a package.json and, optionally, an `electron` package whose index.js is `indexJs`. */
async function project(indexJs?: string): Promise<string> {
  await writeFile(join(work, 'package.json'), '{"name": "p", "version": "1.0.0"}')
  if (indexJs !== undefined) {
    await mkdir(join(work, 'node_modules/electron'), { recursive: true })
    await writeFile(
      join(work, 'node_modules/electron/package.json'),
      '{"name": "electron", "main": "index.js"}',
    )
    await writeFile(join(work, 'node_modules/electron/index.js'), indexJs)
  }
  return work
}

describe('setup when Electron’s binary cannot be downloaded', () => {
  it('installs again without the binary when npm says electron’s postinstall failed (npm 11, no route to GitHub)', async () => {
    const output = await fixture('npm-ci-electron-offline.txt')
    expect(isElectronInstallFailure(output)).toBe(true)
    expect(afterNpmCi(1, output, {})).toBe('retry-without-electron')
  })

  it('recognises the older `npm ERR! path` form too', () => {
    expect(
      isElectronInstallFailure('npm ERR! code 1\nnpm ERR! path C:\\app\\node_modules\\electron\r\n'),
    ).toBe(true)
  })

  it('stops on any other failure: another package’s script, a lock file out of sync', async () => {
    const offline = await fixture('npm-ci-electron-offline.txt')
    const otherPackage = offline.replace('node_modules/electron', 'node_modules/@serialport/bindings-cpp')
    expect(afterNpmCi(1, otherPackage, {})).toBe('failed')
    expect(afterNpmCi(1, offline.replace('node_modules/electron', 'node_modules/electron-vite'), {})).toBe(
      'failed',
    )
    expect(afterNpmCi(1, await fixture('npm-ci-lock-out-of-sync.txt'), {})).toBe('failed')
  })

  it('stops when the download was already skipped (the failure is something else), and carries on after success', async () => {
    const offline = await fixture('npm-ci-electron-offline.txt')
    expect(afterNpmCi(1, offline, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toBe('failed')
    expect(afterNpmCi(0, offline, {})).toBe('installed')
  })
})

describe('whether Electron’s binary is installed', () => {
  it('is not when electron is not installed, or its index throws as it does without path.txt', async () => {
    expect(hasElectronBinary(await project())).toBe(false)
    await rm(work, { recursive: true })
    await mkdir(work)
    expect(hasElectronBinary(await project("throw new Error('Electron failed to install correctly')"))).toBe(
      false,
    )
  })

  it('is only when the executable electron names exists', async () => {
    const executable = join(work, 'electron-executable')
    const root = await project(`module.exports = ${JSON.stringify(executable)}`)
    expect(hasElectronBinary(root)).toBe(false)
    await writeFile(executable, '')
    expect(hasElectronBinary(root)).toBe(true)
  })
})

describe('npm start without Electron’s binary', () => {
  it('prints the one line setup prints, not a stack trace, and exits 1', async () => {
    await project()
    await mkdir(join(work, 'scripts'))
    for (const file of ['start.mjs', 'electron-binary.mjs'])
      await copyFile(join(ROOT, 'scripts', file), join(work, 'scripts', file))
    for (const mode of ['preview', 'dev']) {
      const run = spawnSync(process.execPath, [join(work, 'scripts/start.mjs'), mode], { encoding: 'utf8' })
      expect(run.status).toBe(1)
      expect(run.stderr).toBe(`${NO_ELECTRON_BINARY}\n`)
      expect(run.stdout).toBe('')
    }
  })
})
