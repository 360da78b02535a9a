import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DoctorService,
  firstVersionLine,
  installHint,
} from '../../../../src/main/services/doctor/doctor-service'
import { TOOLS, type ToolSpec } from '../../../../src/main/services/doctor/tool-catalog'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'

const fakeTool: ToolSpec = {
  id: 'fake-cc',
  name: 'Fake compiler',
  neededFor: 'tests',
  commands: ['fake-cc'],
  versionArgs: ['--version'],
  debianPackages: ['fake-cc-pkg'],
  macInstall: 'brew install fake-cc',
  windowsInstall: 'winget install Fake.CC',
}

describe('DoctorService', () => {
  it('finds a tool on the search path and reads its version line', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'mote-doctor-'))
    await writeFile(join(bin, 'fake-cc'), '#!/bin/sh\necho "Fake CC banner"\necho "fake-cc (Mote) 4.2.1"\n')
    await chmod(join(bin, 'fake-cc'), 0o755)
    const doctor = new DoctorService({
      fs: nodeFileSystem,
      runner: nodeProcessRunner,
      searchPath: bin,
      tools: [fakeTool],
    })
    const report = await doctor.check()
    expect(report.tools).toEqual([
      expect.objectContaining({
        id: 'fake-cc',
        found: true,
        path: join(bin, 'fake-cc'),
        version: 'fake-cc (Mote) 4.2.1',
      }),
    ])
  })

  it('reports a missing tool with the install line for the platform', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'mote-doctor-'))
    for (const [platform, hint] of [
      ['linux', 'sudo apt-get install fake-cc-pkg'],
      ['darwin', 'brew install fake-cc'],
      ['win32', 'winget install Fake.CC'],
    ] as const) {
      const doctor = new DoctorService({
        fs: nodeFileSystem,
        runner: nodeProcessRunner,
        searchPath: empty,
        tools: [fakeTool],
        platform,
      })
      expect((await doctor.check()).tools[0]).toMatchObject({ found: false, installHint: hint })
    }
  })

  it('lists every tool the issue names, each with a Debian package', () => {
    const ids = TOOLS.map((t) => t.id)
    for (const id of [
      'avr-gcc',
      'avr-size',
      'arm-none-eabi-gcc',
      'qemu-system-arm',
      'libsimavr',
      'chromium',
    ]) {
      expect(ids).toContain(id)
    }
    for (const tool of TOOLS) expect(installHint(tool, 'linux')).toMatch(/^sudo apt-get install \S/)
  })

  it('picks the version line out of banners of different shapes', () => {
    expect(firstVersionLine('avr-gcc (GCC) 5.4.0\nCopyright')).toBe('avr-gcc (GCC) 5.4.0')
    expect(firstVersionLine('Usage: avrdude\navrdude version 7.1, URL')).toBe('avrdude version 7.1, URL')
    expect(firstVersionLine('no digits here')).toBeUndefined()
  })
})

describe('DoctorService with the toolchain search', () => {
  it('reports each toolchain where the build will find it, with its version and source', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'mote-doctor-'))
    await writeFile(join(bin, 'avr-gcc'), '#!/bin/sh\necho "avr-gcc (GCC) 7.3.0"\n')
    await chmod(join(bin, 'avr-gcc'), 0o755)
    const doctor = new DoctorService({
      fs: nodeFileSystem,
      runner: nodeProcessRunner,
      tools: [],
      platform: 'linux',
      toolchains: {
        locate: async (family) =>
          family === 'avr' ? { binDir: bin, gcc: join(bin, 'avr-gcc'), source: 'arduino' } : undefined,
      },
    })
    const report = await doctor.check()
    expect(report.tools).toEqual([
      expect.objectContaining({
        id: 'toolchain-avr',
        found: true,
        path: bin,
        version: 'avr-gcc (GCC) 7.3.0',
        source: 'Arduino IDE packages',
      }),
      expect.objectContaining({ id: 'toolchain-arm', found: false }),
    ])
  })
})
