import { FlashErrorCode } from '../../../../src/shared/api/flash'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MoteFailure } from '../../../../src/shared/errors'
import { readFirmwareImage, type FirmwareImage } from '../../../../src/main/services/firmware/firmware-image'
import { QemuFlasher } from '../../../../src/main/services/flash/qemu-flasher'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { blinkEchoProject } from '../../../../src/main/services/toolchain/blink-echo-project'
import type { VirtualBoardsService } from '../../../../src/main/services/virtual-boards/virtual-boards-service'
import { openCollector, RESOURCES_DIR, sleep, testToolchain, testVirtualBoards } from './fixtures'

const toolchain = testToolchain()
const services: VirtualBoardsService[] = []

async function blinkEcho(target: 'm4' | 'm3', loopCount?: number): Promise<FirmwareImage> {
  const out = await mkdtemp(join(tmpdir(), 'mote-be-'))
  const result = await toolchain.build(
    blinkEchoProject(RESOURCES_DIR, target, loopCount === undefined ? {} : { loopCount }),
    out,
  )
  return readFirmwareImage(new Uint8Array(await readFile(result.elfPath)), 'elf', {
    mcu: target,
    source: 'blink-echo.elf',
  })
}

async function startBoard(target: 'm4' | 'm3', image?: FirmwareImage) {
  const { service, runtimeDir } = await testVirtualBoards(toolchain)
  services.push(service)
  const info = await service.start(target, image ? { image } : {})
  return { service, runtimeDir, info }
}

afterAll(async () => {
  await Promise.all(services.map((s) => s.stopAll()))
})

// SysTick runs on the processor clock: 25 MHz on mps2-an386, 12.5 MHz on lm3s6965evb out of reset (QEMU
// derives it from the RCC reset value: 200 MHz PLL / (SYSDIV 15 + 1)). With -icount shift=0 each
// instruction is 1 ns, and the marked loop is 2 instructions (subs, bne) per pass: 2N ns in all.
const TICK_NS = { m4: 40, m3: 80 } as const

describe.each(['m4', 'm3'] as const)('the virtual Cortex-%s', (target) => {
  it('keeps the first bytes for a reader that opens the port late, then echoes', async () => {
    const { info } = await startBoard(target, await blinkEcho(target))
    await sleep(1500) // the guest has long printed its banner by now
    const serial = await openCollector(info.port) // serialport flushes the port as it opens it
    try {
      const text = await serial.until('loops=100000\r\n', 5000)
      expect(text.startsWith(`mote blink-echo ${target}\r\nmark ticks=`)).toBe(true)
      await serial.write('ping 123\n')
      expect((await serial.until('ping 123\n', 3000)).endsWith('ping 123\n')).toBe(true)
    } finally {
      await serial.close()
    }
  })

  it('counts the same SysTick ticks for the marked loop on every boot (-icount)', async () => {
    const image = await blinkEcho(target)
    const counts: number[] = []
    for (let boot = 0; boot < 2; boot++) {
      const { service, info } = await startBoard(target, image)
      const serial = await openCollector(info.port)
      const text = await serial.until('loops=', 5000)
      counts.push(Number(/mark ticks=(\d+)/.exec(text)?.[1]))
      await serial.close()
      await service.stopAll()
    }
    expect(counts[0]).toBe(counts[1])
    expect(counts[0]).toBe(Math.floor((2 * 100_000) / TICK_NS[target]))
  })

  it('is flashed by loading a new image and restarting QEMU, verified, on the same open port', async () => {
    const { service, runtimeDir, info } = await startBoard(target, await blinkEcho(target))
    const serial = await openCollector(info.port)
    try {
      await serial.until('loops=100000', 5000)
      const flasher = new QemuFlasher({
        findVirtual: (p) => service.findByPort(p),
        fs: nodeFileSystem,
        tempDir: join(runtimeDir, 'uploads'),
      })
      const result = await flasher.flash(
        await blinkEcho(target, 20_000),
        { port: info.port, boardId: info.boardId },
        {},
      )
      expect(result.verified).toBe(true)
      await serial.until('loops=20000\r\n', 5000)
      expect(service.list()[0]?.port).toBe(info.port)
    } finally {
      await serial.close()
    }
  })
})

describe('virtual boards in the device list', () => {
  it('lists a running board with its port, and the others with whether they could start', async () => {
    const { service, info } = await startBoard('m3')
    const ports = await service.ports()
    expect(ports.find((p) => p.boardId === 'virtual-m3')).toEqual({
      boardId: 'virtual-m3',
      portPath: info.port,
      available: true,
    })
    expect(ports.find((p) => p.boardId === 'virtual-m4')).toEqual({ boardId: 'virtual-m4', available: true })
    expect(ports.map((p) => p.boardId).sort()).toEqual(['virtual-m3', 'virtual-m4', 'virtual-uno'])
  })
})

describe('QEMU flasher refusals', () => {
  it('refuses an image that does not start at the board’s code address', async () => {
    const { service, runtimeDir, info } = await startBoard('m4')
    const flasher = new QemuFlasher({
      findVirtual: (p) => service.findByPort(p),
      fs: nodeFileSystem,
      tempDir: join(runtimeDir, 'u'),
    })
    const image: FirmwareImage = {
      bytes: new Uint8Array(16),
      baseAddress: 0x08000000,
      mcu: 'm4',
      source: 'stm32.bin',
    }
    const error = (await flasher
      .flash(image, { port: info.port, boardId: info.boardId }, {})
      .catch((e: unknown) => e)) as MoteFailure
    expect(error).toBeInstanceOf(MoteFailure)
    expect(error.code).toBe(FlashErrorCode.ImageOutOfRange)
  })

  it('says no board runs on a port that is not a running virtual board', async () => {
    const { service, runtimeDir } = await startBoard('m3')
    const flasher = new QemuFlasher({
      findVirtual: (p) => service.findByPort(p),
      fs: nodeFileSystem,
      tempDir: join(runtimeDir, 'u'),
    })
    const image: FirmwareImage = { bytes: new Uint8Array(16), baseAddress: 0, mcu: 'm3', source: 'x.bin' }
    await expect(flasher.flash(image, { port: '/dev/ttyUSB9', boardId: 'virtual-m3' }, {})).rejects.toThrow(
      /No virtual Cortex-M board runs on \/dev\/ttyUSB9/,
    )
  })
})
