/**
 * The firmware export: the Mote inference firmware (device-test's build, docs/firmware.md) for a board, as
 * the image file the output's extension asks for, checked with the project's own image and ELF readers.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBoard } from '../../../../src/core/boards/board-lookup'
import { readElf } from '../../../../src/main/services/firmware/elf-reader'
import { readFirmwareImage } from '../../../../src/main/services/firmware/firmware-image'
import { ExportErrorCode } from '../../../../src/shared/api/export'
import { createExportProject, exportService, type ExportProject } from './export-project'

describe('the firmware export', () => {
  let fixture: ExportProject
  let service: ReturnType<typeof exportService>
  const out = (name: string) => join(dirname(fixture.dir), name)

  beforeAll(async () => {
    fixture = await createExportProject()
    service = exportService(fixture)
  }, 60_000)

  afterAll(async () => {
    await fixture?.project.close()
  })

  it('writes the Uno’s inference firmware as Intel HEX within the application flash, and its ELF', async () => {
    const result = await service.export({
      format: 'firmware',
      outPath: out('gestures-uno.hex'),
      boardId: 'uno',
    })
    const uno = findBoard('uno')!
    const hex = await readFile(out('gestures-uno.hex'))
    const image = readFirmwareImage(new Uint8Array(hex), 'hex', { mcu: uno.mcu, source: 'hex' })
    expect(image.baseAddress).toBe(0)
    expect(image.bytes.length).toBe(result.firmware!.flashBytes)
    expect(result.firmware!.flashFreeBytes).toBeGreaterThanOrEqual(0)
    expect(result.firmware!.ramFreeBytes).toBeGreaterThanOrEqual(0)
    console.log(`Uno firmware: ${JSON.stringify(result.firmware)}`)
    // The same build (unchanged, so not rebuilt) as an ELF.
    await service.export({ format: 'firmware', outPath: out('gestures-uno.elf'), boardId: 'uno' })
    expect(readElf(new Uint8Array(await readFile(out('gestures-uno.elf')))).sections.length).toBeGreaterThan(
      0,
    )
  }, 120_000)

  it('refuses firmware without a board, and a .uf2 for a board that takes none', async () => {
    const error = (request: Parameters<typeof service.export>[0]) =>
      service.export(request).then(
        () => undefined,
        (e: { code: number; message: string }) => e,
      )
    expect(await error({ format: 'firmware', outPath: out('x.hex') })).toMatchObject({
      code: ExportErrorCode.InvalidRequest,
    })
    expect(await error({ format: 'firmware', outPath: out('x.uf2'), boardId: 'uno' })).toMatchObject({
      code: ExportErrorCode.BadOutput,
      message: expect.stringMatching(/does not take \.uf2/),
    })
  }, 120_000)
})
