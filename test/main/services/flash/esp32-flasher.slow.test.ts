import { describe, expect, it } from 'vitest'
import { FlashErrorCode } from '../../../../src/shared/api/flash'
import { Esp32Flasher } from '../../../../src/main/services/flash/esp32-flasher'
import { isMoteFailure } from '../../../../src/shared/errors'
import { FakeEsp32Rom } from './fakes/fake-esp32-rom'
import { FakeSerialBus } from './fakes/fake-serial'

/** esptool-js tries 7 resets with 5 syncs each before it gives up: about 7 s, hence the slow tier. */
describe('Esp32Flasher when the board never enters download mode', () => {
  it('gives up with advice on the BOOT button instead of hanging', async () => {
    const bus = new FakeSerialBus()
    const rom = new FakeEsp32Rom({ swappedResetLines: true })
    bus.plug({ path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' }, rom)
    const flasher = new Esp32Flasher({ opener: bus.opener })
    const image = { bytes: new Uint8Array(1024), baseAddress: 0x10000, mcu: 'esp32', source: 'test' }
    const error = await flasher
      .flash(image, { port: '/dev/ttyUSB0', boardId: 'esp32-devkitc' }, {})
      .catch((e: unknown) => e)
    expect(isMoteFailure(error) && error.code).toBe(FlashErrorCode.Esp32ConnectFailed)
    expect(String((error as Error).message)).toContain('Hold BOOT')
    expect(rom.downloadBoots).toBe(0)
  })
})
