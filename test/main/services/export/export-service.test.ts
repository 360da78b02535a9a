import { readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { serializeGraph } from '../../../../src/core/model/graph-io'
import type { ExportService } from '../../../../src/main/services/export/export-service'
import { ExportErrorCode, type ExportRequest } from '../../../../src/shared/api/export'
import { CompressErrorCode } from '../../../../src/shared/api/compress'
import {
  createExportProject,
  exportService,
  VARIANT_ID,
  MODEL_ID,
  type ExportProject,
} from './export-project'
import { unzipped } from './library-tools'

describe('the export service', () => {
  let fixture: ExportProject
  let service: ExportService
  let outDir: string

  beforeAll(async () => {
    fixture = await createExportProject()
    outDir = join(dirname(fixture.dir), 'out')
    await mkdir(outDir)
    service = exportService(fixture)
  }, 60_000)

  afterAll(async () => {
    await fixture?.project.close()
  })

  const failure = async (request: ExportRequest) => {
    const error = await service.export(request).then(
      () => undefined,
      (e: unknown) => e as { code: number; message: string },
    )
    if (!error) throw new Error('the export did not fail')
    return error
  }

  it('writes the chosen variant as a .tflite that reads back to the same graph', async () => {
    const path = join(outDir, 'model.tflite')
    const result = await service.export({ format: 'tflite', outPath: path })
    expect(result).toMatchObject({ format: 'tflite', variantId: VARIANT_ID, boardId: null, files: [] })
    const bytes = new Uint8Array(await readFile(path))
    expect(result.bytes).toBe(bytes.length)
    expect(serializeGraph(readTflite(bytes)).bin).toEqual(serializeGraph(fixture.graph).bin)
  })

  it('replaces an existing output whole and leaves no temporary file beside it', async () => {
    const path = join(outDir, 'again.zip')
    await writeFile(path, 'an older export')
    const result = await service.export({ format: 'c', outPath: path })
    expect((await readFile(path)).length).toBe(result.bytes)
    expect((await readdir(outDir)).filter((n) => n.includes('.mote-tmp-'))).toEqual([])
    expect(result.files[0]).toBe('Mote_Wrist_gestures_c/README.md')
    expect(result.model!.arenaBytes).toBeGreaterThan(0)
    expect((await readdir(await unzipped(path))).sort()).toEqual(['Mote_Wrist_gestures_c'])
  })

  it('takes the board’s DSP build: fixed point on the Uno, float on the Nano 33 BLE Sense', async () => {
    const uno = await service.export({ format: 'c', outPath: join(outDir, 'uno.zip'), boardId: 'uno' })
    const ble = await service.export({
      format: 'c',
      outPath: join(outDir, 'ble.zip'),
      boardId: 'nano33ble-sense',
    })
    expect([uno.dsp?.numeric, ble.dsp?.numeric]).toEqual(['fixed', 'float'])
    const arduino = await service.export({ format: 'arduino', outPath: join(outDir, 'lib.zip') })
    expect(arduino.boardId).toBe('uno')
  })

  it('refuses bad requests with the export’s codes, writing nothing', async () => {
    const out = (name: string) => join(outDir, name)
    expect((await failure({ format: 'c', outPath: out('x.zip'), boardId: 'Not A Board' })).code).toBe(
      ExportErrorCode.InvalidRequest,
    )
    expect((await failure({ format: 'c', outPath: 'relative.zip' })).code).toBe(
      ExportErrorCode.InvalidRequest,
    )
    expect((await failure({ format: 'c', outPath: out('x.zip'), boardId: 'uno-r9' })).code).toBe(
      ExportErrorCode.UnknownBoard,
    )
    expect((await failure({ format: 'arduino', outPath: out('x.zip'), boardId: 'virtual-uno' })).code).toBe(
      ExportErrorCode.BoardNotSupported,
    )
    expect((await failure({ format: 'c', outPath: out('x.tflite') })).message).toMatch(/must end in \.zip/)
    await mkdir(out('folder.zip'))
    const folder = await failure({ format: 'c', outPath: out('folder.zip') })
    expect([folder.code, folder.message]).toEqual([
      ExportErrorCode.BadOutput,
      expect.stringMatching(/is a folder/),
    ])
    expect((await failure({ format: 'tflite', outPath: join(outDir, 'no', 'such.tflite') })).code).toBe(
      ExportErrorCode.BadOutput,
    )
    expect((await failure({ format: 'c', outPath: out('x.zip'), variantId: 'v-none' })).code).toBe(
      CompressErrorCode.NoSuchVariant,
    )
    expect(await readdir(outDir)).not.toContain('x.zip')
  })

  it('says what to do when no variant is chosen, or the variant or its design is damaged', async () => {
    const store = fixture.project.store()
    const variantDir = join(fixture.dir, 'models/variants', VARIANT_ID)
    const tflite = await readFile(join(variantDir, 'model.tflite'))
    try {
      await writeFile(join(variantDir, 'model.tflite'), tflite.subarray(0, 40))
      expect((await failure({ format: 'tflite', outPath: join(outDir, 'a.tflite') })).code).toBe(
        ExportErrorCode.BadVariant,
      )
      await rm(join(variantDir, 'model.tflite'))
      expect((await failure({ format: 'tflite', outPath: join(outDir, 'a.tflite') })).message).toMatch(
        /has lost its file .*compress again/,
      )
    } finally {
      await writeFile(join(variantDir, 'model.tflite'), tflite)
    }
    const design = join(fixture.dir, 'models', MODEL_ID, 'design.json')
    const saved = await readFile(design)
    await rm(design)
    expect((await failure({ format: 'c', outPath: join(outDir, 'a.zip') })).message).toMatch(/train again/)
    await writeFile(design, saved)
    await store.remove('models/variants/chosen.json')
    const none = await failure({ format: 'c', outPath: join(outDir, 'a.zip') })
    expect(none.code).toBe(ExportErrorCode.NoVariant)
    expect(none.message).toMatch(/mote compress --use/)
    expect(
      (await service.export({ format: 'tflite', outPath: join(outDir, 'b.tflite'), variantId: VARIANT_ID }))
        .variantId,
    ).toBe(VARIANT_ID)
    await store.writeJson('models/variants/chosen.json', { id: VARIANT_ID })
  })

  it('exports an imported .tflite variant as .tflite, and refuses to build a pipeline around it (17007)', async () => {
    const path = join(fixture.dir, 'models/variants', VARIANT_ID, 'variant.json')
    const saved = await readFile(path, 'utf8')
    try {
      await writeFile(path, JSON.stringify({ ...JSON.parse(saved), method: 'imported', modelId: 'm-none' }))
      const tflite = await service.export({ format: 'tflite', outPath: join(outDir, 'imported.tflite') })
      expect(tflite.bytes).toBeGreaterThan(0)
      const c = await failure({ format: 'c', outPath: join(outDir, 'imported.zip') })
      expect([c.code, c.message]).toEqual([
        ExportErrorCode.UnsupportedPipeline,
        expect.stringMatching(/imported from a \.tflite file.*Export it as \.tflite/),
      ])
    } finally {
      await writeFile(path, saved)
    }
  })
})
