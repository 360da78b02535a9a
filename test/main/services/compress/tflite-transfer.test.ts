/**
 * .tflite in and out of a project through the compress service, on a real (empty) project and the real file
 * system: the MLPerf Tiny models import as variants that run on the reference interpreter, export as files
 * that read back to the same graph, and what cannot be imported or written is refused with a sentence.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { createInterpreter } from '../../../../src/core/compress/reference/interpreter'
import { CompressService } from '../../../../src/main/services/compress/compress-service'
import { readTfliteFile } from '../../../../src/main/services/compress/tflite-transfer'
import { loadDeployVariant } from '../../../../src/main/services/device-test/deploy-variant'
import { JobsService } from '../../../../src/main/services/jobs/jobs-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { CodegenErrorCode } from '../../../../src/shared/api/codegen'
import { CompressErrorCode, MAX_TFLITE_BYTES } from '../../../../src/shared/api/compress'
import { DeviceTestErrorCode } from '../../../../src/shared/api/device-test'
import { MLPERF_TINY_FILES, mlperfTinyBytes } from '../../../fixtures/mlperf-tiny'
import { oneOpModel } from '../../../core/codegen/tflite/tflite-fixtures'

let work: string
let jobs: JobsService
let compress: CompressService

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mote-tflite-'))
  const project = new ProjectService({
    fs: nodeFileSystem,
    configDir: join(work, 'config'),
    appVersion: '0.1.0',
  })
  await project.create({ dir: join(work, 'project'), name: 'imports' })
  jobs = new JobsService({
    createWorker: () => {
      throw new Error('no jobs in this test')
    },
  })
  compress = new CompressService({ project, jobs, fs: nodeFileSystem })
  for (const file of MLPERF_TINY_FILES) await writeFile(join(work, file), mlperfTinyBytes(file))
})

afterAll(async () => {
  await jobs?.dispose()
  await rm(work, { recursive: true, force: true })
})

/** What the CLI does: read the file (with its checks), then hand its name and bytes to the service. */
async function importFile(name: string, variantName?: string) {
  const bytes = await readTfliteFile(nodeFileSystem, join(work, name))
  return compress.importTflite({ name, bytes }, variantName)
}

describe('importing a .tflite file', () => {
  it.each(MLPERF_TINY_FILES)('adds %s as an imported int8 variant, listed and never stale', async (file) => {
    const variant = await importFile(file)
    expect(variant).toMatchObject({
      method: 'imported',
      name: file.replace(/\.tflite$/, ''),
      dtype: 'int8',
      stale: false,
      metrics: { testWindows: 0 },
    })
    expect(variant.metrics.params).toBeGreaterThan(0)
    expect(variant.notes[0]).toContain(`Imported from ${file}`)
    const stored = await readFile(join(work, 'project', variant.path, 'model.tflite'))
    expect(readTflite(stored)).toEqual(readTflite(mlperfTinyBytes(file)))
    expect((await compress.status()).variants.map((v) => v.id)).toContain(variant.id)
  })

  it('takes the name it is given and can be chosen, but deploy refuses it with a sentence', async () => {
    const variant = await importFile('kws_ref_model.tflite', 'DS-CNN from MLPerf')
    expect(variant.name).toBe('DS-CNN from MLPerf')
    expect((await compress.choose(variant.id)).chosenId).toBe(variant.id)
    await expect(loadDeployVariant(nodeFileSystem, join(work, 'project'), variant.id)).rejects.toMatchObject({
      code: DeviceTestErrorCode.UnsupportedModel,
      message: expect.stringContaining('was imported from a .tflite file'),
    })
  })

  it('refuses a model with unsupported ops, naming each op once (15002), and stores nothing', async () => {
    const before = (await compress.status()).variants.length
    const path = join(work, 'pad.tflite')
    await writeFile(path, oneOpModel({ deprecated: 34, builtin: 34 }))
    await expect(importFile('pad.tflite')).rejects.toMatchObject({
      code: CodegenErrorCode.TfliteUnsupportedOp,
      message: expect.stringContaining('unsupported ops: PAD'),
    })
    expect((await compress.status()).variants).toHaveLength(before)
  })

  it('refuses a missing file, a folder, a file that is not a model and one too large to be one', async () => {
    await mkdir(join(work, 'folder.tflite'))
    await writeFile(join(work, 'notes.tflite'), 'not a model')
    await writeFile(join(work, 'huge.tflite'), new Uint8Array(MAX_TFLITE_BYTES + 1))
    const refusal = (name: string) => importFile(name).catch((e: unknown) => e)
    expect(await refusal('absent.tflite')).toMatchObject({ code: CompressErrorCode.TfliteFile })
    expect(await refusal('folder.tflite')).toMatchObject({ code: CompressErrorCode.TfliteFile })
    expect(await refusal('notes.tflite')).toMatchObject({ code: CodegenErrorCode.TfliteCorrupt })
    expect(await refusal('huge.tflite')).toMatchObject({
      code: CompressErrorCode.TfliteFile,
      message: expect.stringContaining('up to 67108864 bytes'),
    })
    const bytes = new Uint8Array(MAX_TFLITE_BYTES + 1)
    await expect(compress.importTflite({ name: 'huge.tflite', bytes })).rejects.toMatchObject({
      code: CompressErrorCode.TfliteFile,
    })
  })

  it('names the variant after the file however the file name is spelled (a Windows path, no extension)', async () => {
    const bytes = mlperfTinyBytes('ad01_int8.tflite')
    expect((await compress.importTflite({ name: 'C:\\models\\anomaly.tflite', bytes })).name).toBe('anomaly')
    expect((await compress.importTflite({ name: 'anomaly', bytes })).name).toBe('anomaly')
  })
})

describe('exporting a variant as .tflite', () => {
  it('writes the file an imported model was stored as, which reads back to the graph and runs alike', async () => {
    const variant = await importFile('ad01_int8.tflite')
    const out = join(work, 'exported', 'ad01.tflite')
    await mkdir(join(work, 'exported'))
    const written = await compress.exportTflite(variant.id, out)
    const bytes = new Uint8Array(await readFile(out))
    expect(written).toEqual({ path: out, bytes: bytes.length })
    const original = readTflite(mlperfTinyBytes('ad01_int8.tflite'))
    expect(readTflite(bytes)).toEqual(original)
    const input = Int8Array.from({ length: 640 }, (_, i) => ((i * 29) % 256) - 128)
    expect(createInterpreter(readTflite(bytes)).run([input])).toEqual(
      createInterpreter(original).run([input]),
    )
  })

  it('refuses an unknown variant (14603) and a folder it cannot write to (14605)', async () => {
    const variant = (await compress.status()).variants[0]!
    await expect(compress.exportTflite('v-nothing-here', join(work, 'x.tflite'))).rejects.toMatchObject({
      code: CompressErrorCode.NoSuchVariant,
    })
    await expect(compress.exportTflite(variant.id, join(work, 'absent', 'x.tflite'))).rejects.toMatchObject({
      code: CompressErrorCode.TfliteFile,
      message: expect.stringContaining('Choose a folder you can write to'),
    })
  })
})
