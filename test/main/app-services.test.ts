import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices, type AppServices } from '../../src/main/app-services'
import { CaptureErrorCode } from '../../src/shared/api/capture'
import { isMoteFailure } from '../../src/shared/errors'

const RESOURCES_DIR = join(import.meta.dirname, '../../resources')

/** A folder of avr-* tools that answer `--version` and refuse to compile, writing down each call. */
async function recordingAvrToolchain(dir: string, calls: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (const tool of ['gcc', 'objcopy', 'size', 'nm']) {
    const script = [
      '#!/bin/sh',
      `echo "avr-${tool} $*" >> '${calls}'`,
      'case "$*" in *--version*) echo "avr-gcc (GCC) 5.4.0"; exit 0;; esac',
      'echo "recording toolchain: not compiling" >&2',
      'exit 1',
    ].join('\n')
    await writeFile(join(dir, `avr-${tool}`), script + '\n')
    await chmod(join(dir, `avr-${tool}`), 0o755)
  }
}

describe('the composition root', () => {
  let work: string
  let services: AppServices

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'mote-app-services-'))
    services = createAppServices({
      mode: 'serve',
      appVersion: '0.0.0-test',
      userDirs: { configDir: join(work, 'config'), cacheDir: join(work, 'cache') },
      createWorker: () => {
        throw new Error('no job workers in this test')
      },
      openExternal: async () => undefined,
      resourcesDir: RESOURCES_DIR,
    })
  })

  afterAll(async () => {
    await services.dispose()
  })

  it("builds the capture firmware with the user's toolchain folders from settings, not a toolchain of its own", async () => {
    const calls = join(work, 'calls.txt')
    const bin = join(work, 'my-avr', 'bin')
    await recordingAvrToolchain(bin, calls)
    await services.settings.update({ toolchainPaths: [bin] })

    const failure = await services.capture.installFirmware('/dev/mote-no-such-port', 'uno').then(
      () => undefined,
      (error: unknown) => error,
    )

    expect(isMoteFailure(failure) && failure.code).toBe(CaptureErrorCode.FirmwareFailed)
    expect(isMoteFailure(failure) && failure.message).toMatch(/could not be built/)
    expect(await readFile(calls, 'utf8')).toMatch(/^avr-gcc .*-mmcu=atmega328p/m)
  }, 60_000)
})
