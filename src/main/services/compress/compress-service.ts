import { posix } from 'node:path'
import { JobsErrorCode, type JobInfo } from '../../../shared/api/jobs'
import {
  compressRequestSchema,
  CompressErrorCode,
  type CompressRequest,
  type CompressService as CompressApi,
  type CompressStatus,
  type TfliteFile,
  type Variant,
} from '../../../shared/api/compress'
import { MoteFailure, cancelledFailure, toMoteError, type MoteError } from '../../../shared/errors'
import { Emitter } from '../../../shared/events'
import type { JobsService } from '../jobs/jobs-service'
import type { ProjectService } from '../project/project-service'
import type { FileSystem } from '../system/file-system'
import { checkCompressOptions } from '../../../core/compress/variants/check-options'
import { designHash } from '../../../core/train/design'
import { ModelStore } from '../train/model-store'
import { ProjectFiles } from '../train/project-files'
import type { CompressJobParams, CompressJobResult } from './compress-job'
import { COMPRESS_JOB } from './compress-job-kind'
import { VARIANT_FILES, VARIANTS_DIR, type VariantRecord } from './variant-files'
import { baselineIdOf, newVariantId, VariantStore } from './variant-store'
import { checkedTflite, IMPORTED_MODEL_ID, importedVariant } from './tflite-transfer'
import { atomicWriteFile } from '../system/atomic-write'

export interface CompressServiceOptions {
  readonly project: ProjectService
  readonly jobs: JobsService
  readonly fs: FileSystem
  readonly now?: () => Date
}

const METHOD_TITLES: Record<string, string> = {
  ptq: 'int8 quantization',
  qat: 'quantization-aware training',
  prune: 'pruning',
  distill: 'distillation',
  cluster: 'clustering + Huffman coding',
}

/**
 * Compression of the open project's current model, as jobs in worker threads (compress-job.ts). When a job
 * succeeds its variant (and, for a model's first compression, the float32 baseline) is written through the
 * project store; `stored(jobId)` resolves then, with the variant, for the CLI.
 */
export class CompressService implements CompressApi {
  private readonly changeEmitter = new Emitter<CompressStatus>()
  readonly onDidChange = this.changeEmitter.event
  private running: { jobId: string; stored: Promise<Variant> } | undefined
  private lastError: MoteError | undefined
  private readonly now: () => Date

  constructor(private readonly options: CompressServiceOptions) {
    this.now = options.now ?? (() => new Date())
  }

  async start(request: CompressRequest): Promise<JobInfo> {
    const { method, options } = compressRequestSchema.parse(request)
    checkCompressOptions(method, options)
    await this.refuseWhileRunning()
    const store = this.options.project.store()
    await store.flush()
    const model = await new ModelStore(store.dir, this.options.fs).current()
    if (!model)
      throw new MoteFailure(
        CompressErrorCode.NoModel,
        'The project has no trained model yet. Train one first (Train view, or `mote train`).',
      )
    const variants = new VariantStore(store)
    const base = options.from ? await variants.require(options.from) : undefined
    if (base && (base.modelId !== model.id || !base.hasFloatWeights))
      throw new MoteFailure(
        CompressErrorCode.BadVariantFiles,
        base.modelId !== model.id
          ? `Variant "${base.name}" was made from an older model. Start from the current model or a newer variant.`
          : `Variant "${base.name}" has no fine-tuned float weights (only fine-tuning methods keep them). Start from the trained model or a pruned, QAT, distilled or clustered variant.`,
      )
    const baselineId = baselineIdOf(model.id)
    const hasBaseline = (await variants.read(baselineId).catch(() => undefined)) !== undefined
    const params: CompressJobParams = {
      projectDir: store.dir,
      modelId: model.id,
      variantId: newVariantId(this.now()),
      method,
      options,
      createdAt: this.now().toISOString(),
      ...(hasBaseline ? {} : { baselineId }),
      ...(base ? { baseName: base.name } : {}),
    }
    const job = this.options.jobs.start(
      COMPRESS_JOB,
      params,
      `Compress ${store.current.name}: ${METHOD_TITLES[method]}`,
    )
    this.lastError = undefined
    const stored = this.options.jobs.wait(job.id).then((info) => this.store(info, variants))
    this.running = { jobId: job.id, stored }
    stored
      .catch((error: unknown) => {
        const reported = toMoteError(error)
        // A run the user cancelled is not an error to show them.
        if (reported.code !== JobsErrorCode.Cancelled) this.lastError = reported
      })
      .finally(() => void this.emitStatus())
    void this.emitStatus()
    return job
  }

  /** Resolves with the stored variant when job `jobId` has succeeded and been stored; rejects otherwise. */
  async stored(jobId: string): Promise<Variant> {
    if (this.running?.jobId !== jobId)
      throw new MoteFailure(
        CompressErrorCode.NoSuchVariant,
        `Job ${jobId} is not a compression job of this session.`,
      )
    return this.running.stored
  }

  async status(): Promise<CompressStatus> {
    const job = this.running
      ? ((await this.options.jobs.list()).find((j) => j.id === this.running!.jobId) ?? null)
      : null
    if (!this.options.project.isOpen) return { job: null, model: null, variants: [], chosenId: null }
    const store = this.options.project.store()
    const model = await new ModelStore(store.dir, this.options.fs).current().catch(() => null)
    const design = await new ProjectFiles(store.dir, this.options.fs).readDesign().catch(() => undefined)
    const variants = new VariantStore(store)
    const chosenId = await variants.chosen()
    const records = await variants.list()
    return {
      job: job?.state === 'running' ? job : null,
      model: model
        ? { id: model.id, stale: design === undefined || designHash(design) !== model.metrics.designHash }
        : null,
      variants: records.map((r) => toVariant(r, model?.id, chosenId)),
      chosenId,
      ...(this.lastError ? { error: this.lastError } : {}),
    }
  }

  async choose(variantId: string): Promise<CompressStatus> {
    const store = this.options.project.store()
    const variants = new VariantStore(store)
    const record = await variants.require(variantId)
    const model = await new ModelStore(store.dir, this.options.fs).current()
    if (record.modelId !== IMPORTED_MODEL_ID && (!model || record.modelId !== model.id))
      throw new MoteFailure(
        CompressErrorCode.NoSuchVariant,
        `Variant "${record.name}" was made from an older model, so it would deploy the wrong weights. Compress the current model again.`,
      )
    await variants.choose(variantId)
    return this.emitStatus()
  }

  async remove(variantId: string): Promise<CompressStatus> {
    await new VariantStore(this.options.project.store()).remove(variantId)
    return this.emitStatus()
  }

  async importTflite(file: TfliteFile, name?: string): Promise<Variant> {
    const store = this.options.project.store()
    const payload = importedVariant(file.bytes, {
      id: newVariantId(this.now()),
      createdAt: this.now().toISOString(),
      file: posix.basename(file.name.replaceAll('\\', '/')),
      ...(name === undefined ? {} : { name }),
    })
    const variants = new VariantStore(store)
    await variants.save(payload)
    void this.emitStatus()
    return toVariant(payload.record, undefined, await variants.chosen())
  }

  async exportTflite(variantId: string, path: string): Promise<{ path: string; bytes: number }> {
    const store = this.options.project.store()
    const record = await new VariantStore(store).require(variantId)
    const stored = await store.readBytes(`${VARIANTS_DIR}/${record.id}/${VARIANT_FILES.tflite}`)
    const bytes = checkedTflite(stored, record.id)
    try {
      await atomicWriteFile(this.options.fs, path, bytes)
    } catch (error) {
      throw new MoteFailure(
        CompressErrorCode.TfliteFile,
        `Mote cannot write ${path}: ${(error as Error).message}. Choose a folder you can write to.`,
      )
    }
    return { path, bytes: bytes.length }
  }

  private async store(info: JobInfo, variants: VariantStore): Promise<Variant> {
    if (info.state === 'cancelled') throw cancelledFailure()
    if (info.state !== 'succeeded')
      throw MoteFailure.fromError(
        info.error ?? { code: JobsErrorCode.Failed, message: 'The compression job failed.' },
      )
    const result = info.result as CompressJobResult
    if (result.baseline) await variants.save(result.baseline)
    await variants.save(result.variant)
    const chosenId = await variants.chosen()
    return toVariant(result.variant.record, result.variant.record.modelId, chosenId)
  }

  private async refuseWhileRunning(): Promise<void> {
    const running = (await this.options.jobs.list()).find(
      (j) => j.state === 'running' && j.kind === COMPRESS_JOB,
    )
    if (running)
      throw new MoteFailure(
        CompressErrorCode.AlreadyRunning,
        `"${running.title}" is still running. Wait for it to finish or cancel it first.`,
      )
  }

  private async emitStatus(): Promise<CompressStatus> {
    const status = await this.status().catch(() => undefined)
    if (status) this.changeEmitter.fire(status)
    return status ?? { job: null, model: null, variants: [], chosenId: null }
  }
}

export function toVariant(
  r: VariantRecord,
  currentModelId: string | undefined,
  chosenId: string | null,
): Variant {
  return {
    id: r.id,
    name: r.name,
    method: r.method,
    options: r.options,
    modelId: r.modelId,
    createdAt: r.createdAt,
    path: `${VARIANTS_DIR}/${r.id}`,
    dtype: r.dtype,
    metrics: r.metrics,
    notes: r.notes,
    stale: r.modelId !== IMPORTED_MODEL_ID && r.modelId !== currentModelId,
    chosen: r.id === chosenId,
  }
}
