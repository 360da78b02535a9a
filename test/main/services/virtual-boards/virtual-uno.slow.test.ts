import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFirmwareImage } from '../../../../src/main/services/firmware/firmware-image'
import { nodeSerialOpener } from '../../../../src/main/services/serial/serial-port'
import { Stk500v1Flasher } from '../../../../src/main/services/flash/stk500v1-flasher'
import { blinkEchoProject } from '../../../../src/main/services/toolchain/blink-echo-project'
import type { HarnessEvent } from '../../../../src/main/services/virtual-boards/harness-events'
import type { VirtualBoardsService } from '../../../../src/main/services/virtual-boards/virtual-boards-service'
import { VirtualUno } from '../../../../src/main/services/virtual-boards/virtual-uno'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'
import { controlSocketReset } from '../../../../src/main/services/virtual-boards/virtual-reset'
import { openCollector, RESOURCES_DIR, sleep, testToolchain, testVirtualBoards } from './fixtures'

const toolchain = testToolchain()
let service: VirtualBoardsService
let uno: VirtualUno

async function flashBlinkEcho(loopCount: number): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'mote-be-'))
  const result = await toolchain.build(blinkEchoProject(RESOURCES_DIR, 'uno', { loopCount }), out)
  const image = readFirmwareImage(new Uint8Array(await readFile(result.elfPath)), 'elf', {
    mcu: 'atmega328p',
    source: 'blink-echo',
  })
  const info = uno.state
  const flasher = new Stk500v1Flasher({
    opener: nodeSerialOpener,
    resetFor: async () => controlSocketReset(info.controlSocket),
    sleep,
  })
  await flasher.flash(image, { port: info.port, boardId: 'virtual-uno' }, {})
}

function collect(): { events: HarnessEvent[]; dispose(): void } {
  const events: HarnessEvent[] = []
  const sub = uno.onEvent((e) => events.push(e))
  return { events, dispose: () => sub.dispose() }
}

beforeAll(async () => {
  service = (await testVirtualBoards(toolchain)).service
  await service.start('uno')
  uno = service.uno()!
})

afterAll(async () => {
  await service.stopAll()
})

describe('the virtual Uno', () => {
  it('counts the exact cycles of a known loop between the firmware’s markers', async () => {
    // marked_loop (blink-echo/avr/main.c): out (1) + N × sbiw (2) + (N-1) × taken brne (2) + 1 not-taken brne (1)
    // = 4N cycles, from the ATmega328P instruction set timings.
    for (const n of [1000, 37]) {
      await flashBlinkEcho(n)
      const marker = await uno.nextMarker(5000)
      expect(marker.cycles).toBe(4 * n)
      expect(marker.endCycle - marker.startCycle).toBe(4 * n)
    }
  })

  it('blinks the LED on PB5 every 8,000,000 cycles (500 ms at 16 MHz, Timer1 CTC)', async () => {
    const log = collect()
    try {
      const toggles: number[] = []
      while (toggles.length < 3) {
        const pin = await uno.waitForEvent(
          (e): e is Extract<HarnessEvent, { event: 'pin' }> => e.event === 'pin',
          3000,
        )
        toggles.push(pin.cycle)
      }
      // The toggle instruction sits in a polling loop, so it lands up to one loop pass after the compare match.
      for (let i = 1; i < toggles.length; i++)
        expect(Math.abs(toggles[i]! - toggles[i - 1]! - 8_000_000)).toBeLessThan(40)
    } finally {
      log.dispose()
    }
  })

  it('resets into optiboot when a program opens the port, as DTR auto-reset does', async () => {
    const log = collect()
    const serial = await openCollector(uno.state.port)
    try {
      await serial.until('mote blink-echo avr', 5000)
      const kinds = log.events
        .filter((e) => e.event === 'reset')
        .map((e) => (e.event === 'reset' ? `${e.cause}:${e.mcusr}` : ''))
      // port open → EXTRF (2): optiboot waits ~1 s, its watchdog fires (WDRF = 8) and the program starts
      expect(kinds.slice(0, 2)).toEqual(['port-open:2', 'watchdog:8'])
    } finally {
      await serial.close()
      log.dispose()
    }
  })

  it('feeds the ADC from a signal file: A0 at 2500 mV reads 511 with AVCC = 5 V (simavr scales by 1023)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-adc-'))
    const file = join(dir, 'signal.csv')
    await writeFile(
      file,
      '# A0 steps from 2500 mV to 1250 mV after 30 s\ntime_s,A0,A1\n0,2500,0\n30,1250,0\n',
    )
    await uno.loadSignal(file)
    const serial = await openCollector(uno.state.port)
    try {
      // simavr 1.6 converts as mV × 1023 / Vref = 511.5 → 511; the datasheet's Vin × 1024 / Vref gives 512.
      expect(await serial.until('\r\n', 5000)).toContain('mote blink-echo avr adc0=511\r\n')
    } finally {
      await serial.close()
    }
  })

  it('refuses a malformed signal file with the reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-adc-'))
    const file = join(dir, 'bad.csv')
    await writeFile(file, 'time_s,B7\n0,1\n')
    await expect(uno.loadSignal(file)).rejects.toThrow(/header column B7 is not an ADC channel/)
  })

  it('resets through its control channel with EXTRF set', async () => {
    const log = collect()
    try {
      await uno.reset()
      await sleep(50)
      expect(log.events.find((e) => e.event === 'reset')).toMatchObject({ cause: 'control', mcusr: 2 })
    } finally {
      log.dispose()
    }
  })
})

describe('the virtual Uno’s flash between runs', () => {
  it('is saved when the harness stops on SIGTERM and runs again on the next start, without flashing', async () => {
    const runtimeDir = await mkdtemp(join(tmpdir(), 'mote-vb-'))
    const flashImagePath = join(runtimeDir, 'flash.bin')
    const make = () =>
      new VirtualUno({ toolchain, runner: nodeProcessRunner, fs: nodeFileSystem, runtimeDir, flashImagePath })
    const saved = uno
    uno = make()
    try {
      await uno.start()
      await flashBlinkEcho(123)
      await uno.nextMarker(5000)
      await uno.stop() // SIGTERM: the harness writes the flash image and exits
      expect((await stat(flashImagePath)).size).toBe(32768)
      uno = make()
      await uno.start()
      const serial = await openCollector(uno.state.port) // a reset: optiboot, then the program kept in flash
      const marker = await uno.nextMarker(5000)
      await serial.close()
      expect(marker.cycles).toBe(4 * 123)
    } finally {
      await uno.stop()
      uno = saved
    }
  })
})
