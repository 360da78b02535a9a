import { ToolchainErrorCode } from '../../../../src/shared/api/toolchain'
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MoteFailure } from '../../../../src/shared/errors'
import { readFirmwareImage } from '../../../../src/main/services/firmware/firmware-image'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'
import { ToolchainService } from '../../../../src/main/services/toolchain/toolchain-service'
import { RESOURCES_DIR } from '../virtual-boards/fixtures'

async function freshService(resourcesDir = RESOURCES_DIR): Promise<ToolchainService> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'mote-native-'))
  return new ToolchainService({ fs: nodeFileSystem, runner: nodeProcessRunner, cacheDir, resourcesDir })
}

async function copyOfResources(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mote-res-'))
  await cp(RESOURCES_DIR, dir, { recursive: true })
  return dir
}

describe('native builds for the virtual boards', () => {
  it('rebuilds optiboot from the Arduino AVR core’s source so that it fits the 512-byte boot section', async () => {
    const service = await freshService()
    const optiboot = await service.optiboot()
    expect(optiboot.artifact.rebuilt).toBe(true)
    expect(optiboot.codeBytes).toBeLessThanOrEqual(510)
    const image = readFirmwareImage(await readFile(optiboot.path), 'hex', {
      mcu: 'atmega328p',
      source: 'optiboot.hex',
    })
    expect(image.baseAddress).toBe(0x7e00)
    expect(image.baseAddress + image.bytes.length).toBe(0x8000)
    expect(Array.from(image.bytes.slice(-2))).toEqual([4, 4]) // the version word at 0x7FFE: optiboot 4.4
    expect((await service.optiboot()).artifact.rebuilt).toBe(false) // cached
  })

  it('fails loudly when the flags make optiboot too big, as Debian’s shipped build is (532 bytes)', async () => {
    const resources = await copyOfResources()
    const configPath = join(resources, 'firmware', 'optiboot', 'optiboot-build.json')
    const config = JSON.parse(await readFile(configPath, 'utf8')) as { cflags: string[] }
    config.cflags = config.cflags.map((f) => (f === '-DLED_START_FLASHES=0' ? '-DLED_START_FLASHES=3' : f))
    await writeFile(configPath, JSON.stringify(config))
    const error = (await (await freshService(resources)).optiboot().catch((e: unknown) => e)) as MoteFailure
    expect(error).toBeInstanceOf(MoteFailure)
    expect(error.code).toBe(ToolchainErrorCode.BootloaderTooBig)
    expect(error.message).toMatch(/^optiboot came out at 532 bytes, more than the 510 bytes/)
  })

  it('builds the simavr harness once and again only when its sources change', async () => {
    const resources = await copyOfResources()
    const service = await freshService(resources)
    const first = await service.virtualUnoHarness()
    expect(first.artifact.rebuilt).toBe(true)
    expect((await service.virtualUnoHarness()).artifact).toMatchObject({
      rebuilt: false,
      hash: first.artifact.hash,
    })
    const source = join(resources, 'firmware', 'virtual-uno', 'commands.c')
    await writeFile(source, (await readFile(source, 'utf8')) + '\n/* changed */\n')
    const second = await service.virtualUnoHarness()
    expect(second.artifact.rebuilt).toBe(true)
    expect(second.artifact.hash).not.toBe(first.artifact.hash)
  })

  it('builds the UART bridge of the virtual Cortex-M boards', async () => {
    const bridge = await (await freshService()).uartBridge()
    const run = await nodeProcessRunner.run(bridge.path, [], { input: 'quit\n', timeoutMs: 5000 })
    expect(run.stdout).toMatch(/^\{"event":"ready","pty":"\/dev\/pts\/\d+"/)
  })
})
