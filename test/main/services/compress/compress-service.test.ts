/**
 * The compress service on a real project (the gestures demo, trained in-process), with the real job runner:
 * the `compress` job runs in a worker thread from source, exactly as in the app and the CLI.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { selectTrainingBackend } from '../../../../src/core/train/backend-choice'
import { runTraining } from '../../../../src/core/train/train-run'
import { CompressService } from '../../../../src/main/services/compress/compress-service'
import { VARIANTS_DIR } from '../../../../src/main/services/compress/variant-files'
import { VariantStore } from '../../../../src/main/services/compress/variant-store'
import { DemoService } from '../../../../src/main/services/demo/demo-service'
import { JobsService } from '../../../../src/main/services/jobs/jobs-service'
import { tsWorkerFactory } from '../../../../src/main/services/jobs/worker-factory'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'
import { ModelStore } from '../../../../src/main/services/train/model-store'
import { ProjectFiles } from '../../../../src/main/services/train/project-files'
import { CompressErrorCode } from '../../../../src/shared/api/compress'

const ROOT = join(import.meta.dirname, '../../../..')
let work: string
let project: ProjectService
let jobs: JobsService
let compress: CompressService
let dir: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mote-compress-'))
  dir = join(work, 'gestures')
  project = new ProjectService({ fs: nodeFileSystem, configDir: join(work, 'config'), appVersion: '0.1.0' })
  const demo = new DemoService({
    project,
    fs: nodeFileSystem,
    runner: nodeProcessRunner,
    appVersion: '0.1.0',
  })
  await demo.create('gestures', dir)
  jobs = new JobsService({
    createWorker: tsWorkerFactory(join(ROOT, 'src/main/job-worker.ts'), join(ROOT, 'bin/ts-worker.mjs')),
  })
  compress = new CompressService({ project, jobs, fs: nodeFileSystem })
}, 60_000)

afterAll(async () => {
  await jobs?.dispose()
  await rm(work, { recursive: true, force: true })
})

async function train(): Promise<string> {
  const files = new ProjectFiles(dir, nodeFileSystem)
  const design = await files.requireDesign()
  const { backend } = await selectTrainingBackend('auto')
  const context = { progress: () => undefined, log: () => undefined, cancellation: { aborted: false } }
  const outcome = await runTraining(design, await files.sampleSource(), { context, backend, epochs: 8 })
  return (await new ModelStore(dir, nodeFileSystem).store({ ...outcome, design })).id
}

describe('CompressService', () => {
  it('refuses to compress before a model is trained (14602)', async () => {
    await expect(compress.start({ method: 'ptq' })).rejects.toMatchObject({ code: CompressErrorCode.NoModel })
    expect((await compress.status()).model).toBeNull()
  })

  it('runs PTQ as a job and stores the variant and the float32 baseline, each readable again', async () => {
    const modelId = await train()
    const phrases: string[] = []
    const watching = jobs.onDidChange((j) => phrases.push(j.phrase))
    const job = await compress.start({ method: 'ptq', options: {} })
    await expect(compress.start({ method: 'qat' })).rejects.toMatchObject({
      code: CompressErrorCode.AlreadyRunning,
    })
    const variant = await compress.stored(job.id)
    watching.dispose()
    // Progress from the start: what the job does is named before the features are computed.
    expect(phrases.slice(0, 2)).toEqual(['Starting', 'Reading the trained model and the design'])
    expect(variant).toMatchObject({
      method: 'ptq',
      name: 'int8 PTQ',
      dtype: 'int8',
      modelId,
      stale: false,
      chosen: false,
    })
    const status = await compress.status()
    expect(status.variants.map((v) => v.method)).toEqual(['float', 'ptq'])
    expect(status.model).toEqual({ id: modelId, stale: false })
    const [baseline, ptq] = status.variants
    expect(ptq!.metrics.floatAccuracy).toBe(baseline!.metrics.accuracy)
    expect(ptq!.metrics.weightsFlashBytes * 3).toBeLessThan(baseline!.metrics.weightsFlashBytes)
    expect(ptq!.metrics.testWindows).toBeGreaterThan(100)
    const files = await readdir(join(dir, VARIANTS_DIR, ptq!.id))
    expect(files.sort()).toEqual(['model.tflite', 'variant.json'])
    const graph = readTflite(
      new Uint8Array(await nodeFileSystem.readFile(join(dir, VARIANTS_DIR, ptq!.id, 'model.tflite'))),
    )
    expect(graph.tensors[graph.inputs[0]!]!.dtype).toBe('int8')
  }, 120_000)

  it('starts a clustering run from a pruned variant’s fine-tuned weights, and refuses one that has none', async () => {
    const pruned = await compress.stored(
      (await compress.start({ method: 'prune', options: { sparsity: 0.6, epochs: 3 } })).id,
    )
    expect(pruned.metrics.sparsity).toBeGreaterThanOrEqual(0.6)
    const clustered = await compress.stored(
      (await compress.start({ method: 'cluster', options: { bits: 3, epochs: 2, from: pruned.id } })).id,
    )
    expect(clustered.name).toBe(
      'clustered 3-bit + Huffman + int8 (2 epochs, from pruned 60 % sparse + int8 (3 epochs))',
    )
    expect(clustered.metrics.sparsity).toBeGreaterThanOrEqual(0.6)
    expect(clustered.metrics.weightsFlashBytes).toBeLessThan(pruned.metrics.weightsFlashBytes)
    const record = await new VariantStore(project.store()).require(clustered.id)
    expect(record.huffman!.length).toBeGreaterThan(0)
    const ptq = (await compress.status()).variants.find((v) => v.method === 'ptq')!
    await expect(compress.start({ method: 'cluster', options: { from: ptq.id } })).rejects.toMatchObject({
      code: CompressErrorCode.BadVariantFiles,
    })
  }, 120_000)

  it('chooses a variant for deployment, removes one, and marks variants of an older model stale', async () => {
    const status = await compress.status()
    const ptq = status.variants.find((v) => v.method === 'ptq')!
    expect((await compress.choose(ptq.id)).chosenId).toBe(ptq.id)
    const cluster = status.variants.find((v) => v.method === 'cluster')!
    expect((await compress.remove(cluster.id)).variants.map((v) => v.id)).not.toContain(cluster.id)
    await train()
    const after = await compress.status()
    expect(after.variants.every((v) => v.stale)).toBe(true)
    await expect(compress.choose(ptq.id)).rejects.toMatchObject({ code: CompressErrorCode.NoSuchVariant })
    await expect(compress.choose('v-nothing-here')).rejects.toMatchObject({
      code: CompressErrorCode.NoSuchVariant,
    })
  }, 120_000)

  it('reports a cancelled run as cancelled: no error sentence in the status, nothing stored', async () => {
    const job = await compress.start({ method: 'qat', options: { epochs: 200 } })
    await jobs.cancel(job.id)
    await expect(compress.stored(job.id)).rejects.toMatchObject({ code: 3003, message: 'Cancelled.' })
    expect((await jobs.wait(job.id)).state).toBe('cancelled')
    const status = await compress.status()
    expect(status.error).toBeUndefined()
    expect(status.variants.filter((v) => v.method === 'qat')).toHaveLength(0)
  }, 120_000)

  it('reports a failed job through the stored promise, with the job’s own sentence', async () => {
    const job = await compress.start({ method: 'cluster', options: { bits: 8, epochs: 1 } })
    await expect(compress.stored(job.id)).rejects.toThrow(/fewer than the 256 clusters/)
    // Nothing of a failed run is stored, not even the baseline it measured.
    expect((await compress.status()).variants.filter((v) => !v.stale)).toHaveLength(0)
  }, 120_000)
})
