import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import MemoryMap from 'nrf-intel-hex'
import { describe, expect, it } from 'vitest'
import { CopyToDriveFlasher, DRIVE_PROBES } from '../../../../src/main/services/flash/copy-to-drive-flasher'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { FlashErrorCode } from '../../../../src/shared/api/flash'

/**
 * The two copy-to-drive flashers against folders laid out like the probes' drives: a Nucleo's ST-LINK drive
 * (MBED.HTM, DETAILS.TXT with the ST-LINK firmware version) takes the .bin; a micro:bit's DAPLink drive
 * (DETAILS.TXT naming DAPLink) takes the .hex at the image's address.
 */
const [stlink, daplink] = DRIVE_PROBES as [(typeof DRIVE_PROBES)[0], (typeof DRIVE_PROBES)[0]]
const image = (baseAddress: number) => ({
  bytes: Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff),
  baseAddress,
  mcu: 'x',
  source: 'test',
})

async function drive(files: Record<string, string>): Promise<string> {
  const root = join(await mkdtemp(join(tmpdir(), 'mote-drive-')), 'DRIVE')
  await mkdir(root)
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, name), text)
  return root
}

const stlinkFiles = {
  'MBED.HTM': '<html></html>',
  'DETAILS.TXT': 'Version: V2J37M26\nBuild:   Jun  5 2020\n',
}
const daplinkFiles = {
  'DETAILS.TXT': '# DAPLink Firmware - see https://daplink.io\nUnique ID: 9904\n',
  'MICROBIT.HTM': '',
}

function flasher(probe: typeof stlink, roots: string[], onSettle?: (root: string) => Promise<void>) {
  return new CopyToDriveFlasher(probe, {
    fs: nodeFileSystem,
    drives: async () => roots,
    sleep: async () => {
      for (const r of roots) await onSettle?.(r)
    },
  })
}

describe('copy-to-drive flashing', () => {
  it('copies the .bin to the ST-LINK drive it finds among the mounted drives', async () => {
    const other = await drive(daplinkFiles)
    const nucleo = await drive(stlinkFiles)
    const result = await flasher(stlink, [other, nucleo]).flash(
      image(0x08000000),
      { port: '', boardId: 'nucleo-l4r5zi' },
      {},
    )
    expect(new Uint8Array(await readFile(join(nucleo, 'mote.bin')))).toEqual(image(0).bytes)
    expect(result).toMatchObject({ bytesWritten: 300, verified: false })
  })

  it('copies an Intel HEX at the image’s address to the DAPLink drive named as the port', async () => {
    const microbit = await drive(daplinkFiles)
    await flasher(daplink, []).flash(image(0x1000), { port: microbit, boardId: 'microbit-v2' }, {})
    const map = MemoryMap.fromHex(await readFile(join(microbit, 'mote.hex'), 'utf8'))
    expect([...map.keys()]).toEqual([0x1000])
    expect(map.get(0x1000)).toEqual(image(0).bytes)
  })

  it('reports FAIL.TXT written by the probe after the copy', async () => {
    const nucleo = await drive(stlinkFiles)
    const refuse = async (root: string) =>
      writeFile(join(root, 'FAIL.TXT'), 'The application file format is unknown\n')
    await expect(
      flasher(stlink, [nucleo], refuse).flash(image(0x08000000), { port: '', boardId: 'nucleo-l4r5zi' }, {}),
    ).rejects.toMatchObject({
      code: FlashErrorCode.ProbeRefused,
      message: expect.stringMatching(/format is unknown/),
    })
  })

  it('says so when no drive of that probe is mounted, or several are and none is named', async () => {
    const micro = await drive(daplinkFiles)
    await expect(
      flasher(stlink, [micro]).flash(image(0), { port: '', boardId: 'nucleo-l4r5zi' }, {}),
    ).rejects.toMatchObject({
      code: FlashErrorCode.ProbeDriveNotFound,
      message: expect.stringMatching(/No ST-LINK drive/),
    })
    const two = [await drive(stlinkFiles), await drive(stlinkFiles)]
    await expect(
      flasher(stlink, two).flash(image(0), { port: '', boardId: 'nucleo-l4r5zi' }, {}),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/Several ST-LINK drives/),
    })
  })
})
