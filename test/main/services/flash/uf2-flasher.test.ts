import { mkdtempSync, rmSync } from 'node:fs'
import * as fsp from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { codeOf } from '../../../fixtures/failures'
import { FlashErrorCode } from '../../../../src/shared/api/flash'
import { buildUf2, parseInfoUf2 } from '../../../../src/main/services/firmware/uf2'
import { Uf2Flasher } from '../../../../src/main/services/flash/uf2-flasher'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { FakeSerialBus } from './fakes/fake-serial'

const RP2_INFO = 'UF2 Bootloader v3.0\r\nModel: Raspberry Pi RP2\r\nBoard-ID: RPI-RP2\r\n'

/** A UF2 block decoded by the microsoft/uf2 README's layout, independently of the code under test. */
function decode(file: Uint8Array, index: number) {
  const view = new DataView(file.buffer, file.byteOffset + index * 512, 512)
  return {
    magic: [view.getUint32(0, true), view.getUint32(4, true), view.getUint32(508, true)],
    flags: view.getUint32(8, true),
    address: view.getUint32(12, true),
    payloadSize: view.getUint32(16, true),
    blockNo: view.getUint32(20, true),
    numBlocks: view.getUint32(24, true),
    familyId: view.getUint32(28, true),
    payload: file.slice(index * 512 + 32, index * 512 + 32 + view.getUint32(16, true)),
  }
}

/**
 * The RP2040 boot ROM as seen through its mass-storage drive: it takes every complete, well-formed block
 * for its family written to any file, and once all blocks of the file are in, reboots (the drive vanishes).
 */
class FakeRp2Rom {
  readonly flash = new Map<number, number>()
  private seen = new Set<number>()
  private timer: ReturnType<typeof setInterval> | undefined
  stuck = false

  constructor(readonly root: string) {}

  async mount(): Promise<void> {
    await fsp.mkdir(this.root, { recursive: true })
    await fsp.writeFile(join(this.root, 'INFO_UF2.TXT'), RP2_INFO)
    await fsp.writeFile(join(this.root, 'INDEX.HTM'), '<html></html>')
    this.timer = setInterval(() => void this.scan(), 15)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
  }

  private async scan(): Promise<void> {
    const names = await fsp.readdir(this.root).catch(() => [] as string[])
    for (const name of names.filter((n) => n.endsWith('.uf2'))) {
      const file = new Uint8Array(await fsp.readFile(join(this.root, name)))
      let total = 0
      for (let i = 0; (i + 1) * 512 <= file.length; i++) {
        const block = decode(file, i)
        if (block.magic.join() !== [0x0a324655, 0x9e5d5157, 0x0ab16f30].join()) continue
        if ((block.flags & 0x2000) === 0 || block.familyId !== 0xe48bff56) continue
        block.payload.forEach((b, k) => this.flash.set(block.address + k, b))
        this.seen.add(block.blockNo)
        total = block.numBlocks
      }
      if (total > 0 && this.seen.size === total && !this.stuck) {
        this.stop()
        await fsp.rm(this.root, { recursive: true, force: true })
      }
    }
  }
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mote-uf2-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function pseudoRandom(length: number): Uint8Array {
  let x = 1
  return Uint8Array.from({ length }, () => ((x = (Math.imul(x, 69069) + 1) >>> 0) >>> 24) & 0xff)
}

describe('buildUf2', () => {
  it('writes 512-byte blocks with RP2040 family, 256-byte payloads and 0xFF padding', () => {
    const bytes = pseudoRandom(600)
    const file = buildUf2(bytes, 0x10000000, 0xe48bff56)
    expect(file.length).toBe(3 * 512)
    for (let i = 0; i < 3; i++) {
      const block = decode(file, i)
      expect(block.magic).toEqual([0x0a324655, 0x9e5d5157, 0x0ab16f30])
      expect(block).toMatchObject({
        flags: 0x2000,
        address: 0x10000000 + i * 256,
        payloadSize: 256,
        blockNo: i,
        numBlocks: 3,
        familyId: 0xe48bff56,
      })
    }
    expect(decode(file, 1).payload).toEqual(bytes.slice(256, 512))
    expect(decode(file, 2).payload.slice(0, 88)).toEqual(bytes.slice(512))
    expect(
      decode(file, 2)
        .payload.slice(88)
        .every((b) => b === 0xff),
    ).toBe(true)
  })

  it('refuses a base address that is not page aligned', () => {
    expect(() => buildUf2(new Uint8Array(10), 0x10000010, 0xe48bff56)).toThrow(RangeError)
  })

  it('reads INFO_UF2.TXT fields', () => {
    expect(parseInfoUf2(RP2_INFO)).toEqual({ Model: 'Raspberry Pi RP2', 'Board-ID': 'RPI-RP2' })
  })
})

describe('Uf2Flasher against a fake RPI-RP2 drive', () => {
  const img = () => ({ bytes: pseudoRandom(5000), baseAddress: 0x10000000, mcu: 'rp2040', source: 'test' })

  it('copies the image to the mounted drive and waits for the board to restart', async () => {
    const rom = new FakeRp2Rom(join(dir, 'media', 'RPI-RP2'))
    await rom.mount()
    const flasher = new Uf2Flasher({
      fs: nodeFileSystem,
      drives: async () => [join(dir, 'media', 'RPI-RP2')],
      restartWaitMs: 3000,
    })
    const phrases: string[] = []
    const image = img()
    const result = await flasher.flash(
      image,
      { port: '', boardId: 'pico' },
      { onProgress: (p) => phrases.push(p.phrase) },
    )
    expect(result).toMatchObject({ bytesWritten: 5000, verified: false })
    expect(result.deviceIdentity).toContain('Board-ID: RPI-RP2')
    expect(Uint8Array.from({ length: 5000 }, (_, i) => rom.flash.get(0x10000000 + i)!)).toEqual(image.bytes)
    expect(phrases.at(-1)).toBe('Done')
  })

  it('sends a running board to BOOTSEL with the 1200-baud touch and finds the drive that appears', async () => {
    const root = join(dir, 'RPI-RP2')
    const rom = new FakeRp2Rom(root)
    const bus = new FakeSerialBus()
    bus.plug(
      { path: '/dev/ttyACM0', vendorId: '2341', productId: '805e' },
      {
        receive: () => undefined,
        closed: (baud) => {
          if (baud === 1200) setTimeout(() => void rom.mount(), 50)
        },
      },
    )
    const flasher = new Uf2Flasher({
      fs: nodeFileSystem,
      drives: async () => [root],
      opener: bus.opener,
      restartWaitMs: 3000,
    })
    await flasher.flash(img(), { port: '/dev/ttyACM0', boardId: 'nano-rp2040-connect' }, {})
    expect(bus.openLog).toEqual([{ path: '/dev/ttyACM0', baudRate: 1200 }])
    expect(rom.flash.size).toBe(5120)
  })

  it('refuses a drive that belongs to another board', async () => {
    const other = join(dir, 'XIAO-BOOT')
    await fsp.mkdir(other)
    await fsp.writeFile(
      join(other, 'INFO_UF2.TXT'),
      'UF2 Bootloader v3.7.0\nModel: Seeeduino XIAO\nBoard-ID: SAMD21G18A-XIAO-v0\n',
    )
    const flasher = new Uf2Flasher({ fs: nodeFileSystem, drives: async () => [] })
    expect(await codeOf(flasher.flash(img(), { port: other, boardId: 'pico' }, {}))).toBe(
      FlashErrorCode.Uf2WrongDrive,
    )
  })

  it('says how to enter BOOTSEL when no drive is mounted', async () => {
    const flasher = new Uf2Flasher({
      fs: nodeFileSystem,
      drives: async () => [join(dir, 'nothing')],
      mountWaitMs: 200,
    })
    expect(await codeOf(flasher.flash(img(), { port: '/dev/null-port', boardId: 'pico' }, {}))).toBe(
      FlashErrorCode.Uf2DriveNotFound,
    )
  })

  it('reports a board that does not restart after the copy', async () => {
    const rom = new FakeRp2Rom(join(dir, 'RPI-RP2'))
    rom.stuck = true
    await rom.mount()
    const flasher = new Uf2Flasher({ fs: nodeFileSystem, drives: async () => [rom.root], restartWaitMs: 300 })
    try {
      expect(await codeOf(flasher.flash(img(), { port: '', boardId: 'pico' }, {}))).toBe(
        FlashErrorCode.Uf2NoRestart,
      )
    } finally {
      rom.stop()
    }
  })

  it('refuses an image outside the RP2040 flash window', async () => {
    const flasher = new Uf2Flasher({ fs: nodeFileSystem, drives: async () => [] })
    const image = { ...img(), baseAddress: 0x20000000 }
    expect(await codeOf(flasher.flash(image, { port: '', boardId: 'pico' }, {}))).toBe(
      FlashErrorCode.ImageOutOfRange,
    )
  })
})
