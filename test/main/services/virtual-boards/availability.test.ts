import { describe, expect, it } from 'vitest'
import { checkAvailability } from '../../../../src/main/services/virtual-boards/availability'
import { fakeFileSystem } from '../toolchain/fake-fs'

const OPTIBOOT = '/usr/share/arduino/hardware/arduino/avr/bootloaders/optiboot/optiboot.c'
const SIMAVR = '/usr/include/simavr/sim_avr.h'

function deps(files: string[], platform: NodeJS.Platform = 'linux', hasAvr = true) {
  return {
    fs: fakeFileSystem(files),
    platform,
    searchPath: '/usr/bin',
    hasAvrToolchain: async () => hasAvr,
    qemuCommand: 'qemu-system-arm',
  }
}

describe('whether a virtual board can run here', () => {
  it('is available when everything it needs is installed', async () => {
    expect(await checkAvailability('uno', deps(['/usr/bin/cc', SIMAVR, OPTIBOOT]))).toEqual({
      available: true,
    })
    expect(await checkAvailability('m4', deps(['/usr/bin/cc', '/usr/bin/qemu-system-arm']))).toEqual({
      available: true,
    })
  })

  it('names libsimavr when it is missing, with the packages to install', async () => {
    const result = await checkAvailability('uno', deps(['/usr/bin/cc', OPTIBOOT]))
    expect(result.available).toBe(false)
    expect(result.reason).toBe(
      'Missing libsimavr (libsimavr-dev, libelf-dev); install it (see `mote doctor`).',
    )
  })

  it('lists every missing piece at once', async () => {
    const result = await checkAvailability('uno', deps([], 'linux', false))
    expect(result.reason).toMatch(
      /^Missing a C compiler \(build-essential\), libsimavr .*, the AVR compiler .*, optiboot's source/,
    )
  })

  it('explains that the virtual Uno is Linux-only on macOS, instead of hiding it', async () => {
    const result = await checkAvailability('uno', deps(['/usr/bin/cc'], 'darwin'))
    expect(result).toEqual({
      available: false,
      reason: 'The virtual Uno runs on libsimavr, which Mote supports on Linux only.',
    })
  })

  it('needs QEMU for the Cortex-M boards, and pseudo-terminals everywhere', async () => {
    expect((await checkAvailability('m3', deps(['/usr/bin/cc']))).reason).toMatch(/QEMU \(qemu-system-arm\)/)
    expect((await checkAvailability('m4', deps([], 'win32'))).reason).toMatch(
      /pseudo-terminals, which Windows lacks/,
    )
  })
})
