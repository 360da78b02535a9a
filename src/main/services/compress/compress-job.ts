import { join } from 'node:path'
import { z } from 'zod'
import { writeTflite } from '../../../core/codegen/tflite/writer'
import type { ModelGraph } from '../../../core/model/graph'
import { deserializeGraph, serializeGraph } from '../../../core/model/graph-io'
import { selectTrainingBackend } from '../../../core/train/backend-choice'
import { prepareData } from '../../../core/train/data-pipeline'
import { parseProjectDesign, type ProjectDesign } from '../../../core/train/design'
import {
  defaultVariantName,
  evaluateGraph,
  runMethod,
  settingsFor,
  sizeMetrics,
} from '../../../core/compress/variants'
import type { CodedWeights } from '../../../core/compress/cluster/huffman-weights'
import { compressMethodSchema, compressOptionsSchema, CompressErrorCode } from '../../../shared/api/compress'
import type { JobContext } from '../../../shared/api/jobs'
import { MoteFailure, throwIfCancelled } from '../../../shared/errors'
import type { JobKind } from '../jobs/job-protocol'
import { nodeFileSystem } from '../system/file-system'
import { MODEL_FILES, MODELS_DIR } from '../train/model-store'
import { ProjectFiles } from '../train/project-files'
import {
  VARIANT_FILES,
  VARIANTS_DIR,
  type StoredVariantPayload,
  type VariantFile,
  type VariantRecord,
} from './variant-files'

export { COMPRESS_JOB } from './compress-job-kind'

export const compressJobParamsSchema = z.object({
  projectDir: z.string().min(1),
  modelId: z.string().min(1),
  variantId: z.string().min(1),
  method: compressMethodSchema,
  options: compressOptionsSchema,
  /** Also measure the float32 baseline (the first compression of a model). */
  baselineId: z.string().optional(),
  /** The base variant's name, when `options.from` is set. */
  baseName: z.string().optional(),
  createdAt: z.string(),
})
export type CompressJobParams = z.input<typeof compressJobParamsSchema>

export interface CompressJobResult {
  readonly variant: StoredVariantPayload
  readonly baseline?: StoredVariantPayload
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve))

async function readText(path: string): Promise<string> {
  return nodeFileSystem.readFile(path, 'utf8')
}

async function loadGraph(json: string, bin: string): Promise<ModelGraph> {
  return deserializeGraph(await readText(json), new Uint8Array(await nodeFileSystem.readFile(bin)))
}

/** The float graph a run starts from: the trained model's, or a base variant's fine-tuned one. */
async function startGraph(p: z.output<typeof compressJobParamsSchema>): Promise<ModelGraph> {
  const model = join(p.projectDir, MODELS_DIR, p.modelId)
  if (!p.options.from) return loadGraph(join(model, MODEL_FILES.graph), join(model, MODEL_FILES.graphData))
  const base = join(p.projectDir, VARIANTS_DIR, p.options.from)
  try {
    return await loadGraph(join(base, VARIANT_FILES.floatJson), join(base, VARIANT_FILES.floatBin))
  } catch {
    throw new MoteFailure(
      CompressErrorCode.BadVariantFiles,
      `Variant ${p.options.from} has no fine-tuned float weights to start from. Start from the trained model or another variant.`,
    )
  }
}

function record(
  base: Pick<VariantRecord, 'id' | 'name' | 'method' | 'options' | 'modelId' | 'createdAt' | 'notes'>,
  graph: ModelGraph,
  coded: readonly CodedWeights[],
  accuracy: { accuracy: number; floatAccuracy: number; testWindows: number; confusion: number[][] },
  labels: readonly string[],
  hasFloatWeights: boolean,
): VariantRecord {
  let offset = 0
  const huffman = coded.map((c) => {
    const entry = { tensor: c.tensor, name: c.name, offset, bytes: c.block.length, codebook: [...c.codebook] }
    offset += c.block.length
    return entry
  })
  return {
    format: 'mote-variant',
    version: 1,
    ...base,
    dtype: graph.tensors[graph.inputs[0]!]!.dtype === 'int8' ? 'int8' : 'float32',
    metrics: {
      accuracy: accuracy.accuracy,
      floatAccuracy: accuracy.floatAccuracy,
      testWindows: accuracy.testWindows,
      ...sizeMetrics(graph, coded),
    },
    hasFloatWeights,
    ...(huffman.length ? { huffman } : {}),
    confusion: accuracy.confusion,
    labels: [...labels],
  }
}

function files(
  graph: ModelGraph,
  floatGraph: ModelGraph | undefined,
  coded: readonly CodedWeights[],
): VariantFile[] {
  const out: VariantFile[] = [{ name: VARIANT_FILES.tflite, data: writeTflite(graph) }]
  if (floatGraph) {
    const s = serializeGraph(floatGraph)
    out.push({ name: VARIANT_FILES.floatJson, data: s.json }, { name: VARIANT_FILES.floatBin, data: s.bin })
  }
  if (coded.length) {
    const blocks = new Uint8Array(coded.reduce((n, c) => n + c.block.length, 0))
    let at = 0
    for (const c of coded) {
      blocks.set(c.block, at)
      at += c.block.length
    }
    out.push({ name: VARIANT_FILES.huffman, data: blocks })
  }
  return out
}

type JobParams = z.output<typeof compressJobParamsSchema>
type Evaluation = ReturnType<typeof evaluateGraph>

/** What a run needs from disk: the design snapshot, the start graph, the trained graph and the features. */
async function loadInputs(p: JobParams, context: JobContext) {
  const modelDir = join(p.projectDir, MODELS_DIR, p.modelId)
  const design: ProjectDesign = parseProjectDesign(
    JSON.parse(await readText(join(modelDir, MODEL_FILES.design))),
  )
  const start = await startGraph(p)
  const trained = p.options.from
    ? await loadGraph(join(modelDir, MODEL_FILES.graph), join(modelDir, MODEL_FILES.graphData))
    : start
  const { backend, note } = await selectTrainingBackend('auto')
  if (note) context.log(note)
  context.progress(0, 'Computing features')
  const source = await new ProjectFiles(p.projectDir, nodeFileSystem).sampleSource()
  const data = await prepareData(design, source, {
    cancellation: context.cancellation,
    pause,
    progress: (f, phrase) => context.progress(0.15 * f, phrase),
  })
  context.log(
    `Compressing with ${p.method} on ${data.train.count} training windows, testing on ${data.test.count} (backend ${backend}).`,
  )
  return { design, start, trained, data }
}

function fineTuneProgress(p: JobParams, design: ProjectDesign, context: JobContext) {
  const epochs = settingsFor(p.method, p.options, design.training).epochs
  return {
    cancellation: context.cancellation,
    pause,
    onBatch: (epoch: number, batch: number, batches: number) =>
      context.progress(
        0.2 + (0.7 * (epoch + (batch + 1) / batches)) / epochs,
        `Fine-tuning: epoch ${epoch + 1} of ${epochs}, batch ${batch + 1} of ${batches}`,
      ),
    onEpoch: (e: { epoch: number; loss: number; valLoss: number }) =>
      context.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, validation loss ${e.valLoss.toFixed(4)}`),
  }
}

const accuracyOf = (e: Evaluation, floatAccuracy: number) => ({
  accuracy: e.accuracy,
  floatAccuracy,
  testWindows: e.count,
  confusion: e.confusion.map((r) => [...r]),
})

/** The float32 baseline variant: the trained graph as it is, measured on the float32 interpreter. */
function baselinePayload(
  p: JobParams,
  id: string,
  trained: ModelGraph,
  e: Evaluation,
  labels: readonly string[],
) {
  const base = {
    id,
    name: defaultVariantName('float', {}),
    method: 'float' as const,
    options: {},
    modelId: p.modelId,
    createdAt: p.createdAt,
    notes: ['The trained model, lowered (batch norm folded), on the float32 reference interpreter.'],
  }
  return {
    record: record(base, trained, [], accuracyOf(e, e.accuracy), labels, false),
    files: files(trained, undefined, []),
  }
}

/**
 * The `compress` job, in a worker: reads the trained model (or a base variant), the design it was trained
 * on and the samples, computes the features, runs the method, measures the int8 graph on the test split
 * with the reference interpreter, and returns the variant's files for the service to store. Nothing is
 * written here, so a failed or cancelled run leaves nothing behind.
 */
export const compressJob: JobKind = {
  async run(params, context: JobContext): Promise<CompressJobResult> {
    const p = compressJobParamsSchema.parse(params)
    // The bar says what happens from the first moment: loading takes seconds before features are computed.
    context.progress(0, 'Reading the trained model and the design')
    const { design, start, trained, data } = await loadInputs(p, context)
    const test = (g: ModelGraph, from: number, to: number, what: string) =>
      evaluateGraph(g, data.test, design.labels, context.cancellation, (done, total) =>
        context.progress(
          from + ((to - from) * done) / total,
          `Testing the ${what} model: window ${done} of ${total}`,
        ),
      )
    const floatEval = test(trained, 0.15, 0.2, 'float32')
    const inputs = {
      floatGraph: start,
      spec: design.model,
      data,
      labels: design.labels,
      training: design.training,
    }
    context.progress(0.2, p.method === 'ptq' ? 'Quantizing to int8' : 'Preparing the fine-tuning')
    const result = await runMethod(p.method, p.options, inputs, fineTuneProgress(p, design, context))
    throwIfCancelled(context.cancellation)
    for (const line of result.notes) context.log(line)
    const evaluation = test(result.graph, 0.9, 0.99, 'int8')
    context.log(
      `int8 test accuracy ${(evaluation.accuracy * 100).toFixed(2)} % (float32 ${(floatEval.accuracy * 100).toFixed(2)} %) on ${evaluation.count} windows.`,
    )
    const base = {
      id: p.variantId,
      name: p.options.name ?? defaultVariantName(p.method, p.options, p.baseName),
      method: p.method,
      options: p.options,
      modelId: p.modelId,
      createdAt: p.createdAt,
      notes: [...result.notes],
    }
    const variant: StoredVariantPayload = {
      record: record(
        base,
        result.graph,
        result.coded,
        accuracyOf(evaluation, floatEval.accuracy),
        design.labels,
        result.floatGraph !== undefined,
      ),
      files: files(result.graph, result.floatGraph, result.coded),
    }
    if (!p.baselineId) return { variant }
    return { variant, baseline: baselinePayload(p, p.baselineId, trained, floatEval, design.labels) }
  },
}
