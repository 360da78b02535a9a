/**
 * A project on disk with a variant to export, made as the studio makes one but without training: the
 * gestures demo's design and samples, its dense MLP with TensorFlow.js's seeded initial weights, quantized
 * on the features of the demo's own windows (so the int8 model sees realistic ranges), stored as the
 * compress step stores a variant and chosen for deployment.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import '@tensorflow/tfjs-backend-cpu'
import { writeTflite } from '../../../../src/core/codegen/tflite/writer'
import { calibrate } from '../../../../src/core/compress/ptq/calibrate'
import { quantizeGraph } from '../../../../src/core/compress/ptq/quantize-graph'
import type { Sample } from '../../../../src/core/dataset/sample'
import { computeFeatures, windowCount, windowLayout } from '../../../../src/core/dsp'
import { lowerModel } from '../../../../src/core/model'
import type { ModelGraph } from '../../../../src/core/model/graph'
import type { ProjectDesign } from '../../../../src/core/train/design'
import { dspMetaOf } from '../../../../src/core/train/design'
import { layerWeightsOf } from '../../../../src/core/train/tf-files'
import { buildTfModel } from '../../../../src/core/train/tf-model'
import { gestureSamples, gesturesDesign } from '../../../../src/main/services/demo/demo-samples'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { nodeProcessRunner, type ProcessRunner } from '../../../../src/main/services/system/process-runner'
import { ExportService } from '../../../../src/main/services/export/export-service'
import { ToolchainService } from '../../../../src/main/services/toolchain/toolchain-service'
import type { FlashFileRequest } from '../../../../src/shared/api/flash'
import type { JobInfo } from '../../../../src/shared/api/jobs'

const RESOURCES = join(__dirname, '../../../../resources')

export const MODEL_ID = 'm-test-1'
export const VARIANT_ID = 'v-test-1'

/** One window of a demo sample: its raw values (frames × axes, interleaved) and its TypeScript features. */
export interface ExportWindow {
  readonly label: string
  readonly values: Float32Array
  readonly features: Float32Array
}

export interface ExportProject {
  readonly dir: string
  readonly project: ProjectService
  readonly design: ProjectDesign
  readonly graph: ModelGraph
  readonly samples: readonly Sample[]
  /** Every window's features, in sample order (for calibration and as test inputs). */
  readonly windows: readonly ExportWindow[]
}

function windowsOf(design: ProjectDesign, samples: readonly Sample[]): ExportProject['windows'] {
  const meta = dspMetaOf(design.input)
  if (meta.kind === 'image') throw new Error('the fixture is for time series')
  const layout = windowLayout(design.features.window, meta.rateHz)
  return samples.flatMap((sample) => {
    const frames = sample.values.length / meta.axes
    const count = windowCount(frames, layout, false)
    return Array.from({ length: Math.min(count, 2) }, (_, index) => {
      const start = index * layout.strideFrames * meta.axes
      return {
        label: sample.meta.label,
        values: Float32Array.from(sample.values.subarray(start, start + layout.windowFrames * meta.axes)),
        features: computeFeatures(sample.values, meta, design.features, index),
      }
    })
  })
}

function variantRecord(design: ProjectDesign) {
  return {
    format: 'mote-variant',
    version: 1,
    id: VARIANT_ID,
    name: 'int8 PTQ (test)',
    method: 'ptq',
    options: {},
    modelId: MODEL_ID,
    createdAt: new Date(0).toISOString(),
    dtype: 'int8',
    metrics: {
      accuracy: 0,
      floatAccuracy: 0,
      testWindows: 0,
      params: 0,
      weightsFlashBytes: 0,
      peakActivationBytes: 0,
      macs: 0,
      sparsity: 0,
    },
    notes: [],
    hasFloatWeights: false,
    labels: [...design.labels],
  }
}

/** Creates the project in a fresh temporary folder and opens it. */
export async function createExportProject(name = 'Wrist gestures'): Promise<ExportProject> {
  const dir = join(await mkdtemp(join(tmpdir(), 'mote-export-')), 'project')
  const project = new ProjectService({
    fs: nodeFileSystem,
    configDir: join(dir, '..', 'config'),
    appVersion: '0.0.0',
  })
  await project.create({ dir, name })
  const samples = gestureSamples(new Date(0))
  const design = gesturesDesign(samples)
  const model = buildTfModel(design.model, { seed: 3 })
  const float = lowerModel(design.model, layerWeightsOf(model), 'gestures')
  model.dispose()
  const windows = windowsOf(design, samples)
  const graph = quantizeGraph(
    float,
    calibrate(
      float,
      windows.slice(0, 64).map((w) => w.features),
    ),
  )
  const store = project.store()
  await store.writeJson(`models/${MODEL_ID}/design.json`, design)
  const record = variantRecord(design)
  await store.writeBytes(`models/variants/${VARIANT_ID}/model.tflite`, writeTflite(graph))
  await store.writeJson(`models/variants/${VARIANT_ID}/variant.json`, record)
  await store.writeJson('models/variants/chosen.json', { id: VARIANT_ID })
  await store.flush()
  return { dir, project, design, graph, samples, windows }
}

/**
 * The export service on the fixture's project with the real file system and processes; `flash` records the
 * requests it is given (no test here flashes a real board through it).
 */
export function exportService(
  fixture: Pick<ExportProject, 'project' | 'dir'>,
  options: { searchPath?: string; runner?: ProcessRunner } = {},
): ExportService & { readonly flashed: FlashFileRequest[] } {
  const flashed: FlashFileRequest[] = []
  const toolchain = new ToolchainService({
    fs: nodeFileSystem,
    runner: nodeProcessRunner,
    cacheDir: join(dirname(fixture.dir), 'native'),
    resourcesDir: RESOURCES,
  })
  const service = new ExportService({
    project: fixture.project,
    fs: nodeFileSystem,
    runner: options.runner ?? nodeProcessRunner,
    flash: {
      flashFile: async (request) => {
        flashed.push(request)
        const job: JobInfo = {
          id: 'job-1',
          kind: 'flash',
          title: 'Flash',
          state: 'running',
          progress: 0,
          phrase: '',
          startedAt: 0,
        }
        return job
      },
    },
    buildFirmware: (firmware, outputDir, callbacks) => toolchain.build(firmware, outputDir, callbacks),
    resourcesDir: RESOURCES,
    workDir: join(dirname(fixture.dir), 'work'),
    ...(options.searchPath === undefined ? {} : { searchPath: options.searchPath }),
  })
  return Object.assign(service, { flashed })
}
