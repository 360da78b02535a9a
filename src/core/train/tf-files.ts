import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import type { LayerWeights } from '../model'
import { trainFailure } from './errors'

/**
 * A trained model in TensorFlow.js's own layers-model format: `model.json` (topology and weights manifest,
 * exactly what `tf.loadLayersModel('…/model.json')` reads) and `weights.bin` (the weights, float32
 * little-endian, in manifest order).
 */
export interface TfModelFiles {
  readonly modelJson: string
  readonly weightsBin: Uint8Array
}

export const WEIGHTS_FILE = 'weights.bin'

export async function saveTfModel(model: tfl.LayersModel): Promise<TfModelFiles> {
  let files: TfModelFiles | undefined
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data =
        artifacts.weightData === undefined
          ? new ArrayBuffer(0)
          : tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer | ArrayBuffer[])
      const json = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      }
      files = { modelJson: JSON.stringify(json), weightsBin: new Uint8Array(data) }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) }
    }),
  )
  return files!
}

export async function loadTfModel(files: TfModelFiles): Promise<tfl.LayersModel> {
  try {
    const json = JSON.parse(files.modelJson) as tf.io.ModelJSON
    const specs = json.weightsManifest.flatMap((group) => group.weights)
    const bytes = files.weightsBin
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    // One ModelArtifacts argument: the (topology, specs, data) signature is deprecated and warns on every load.
    return await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology as object,
        weightSpecs: specs,
        weightData: buffer,
      }),
    )
  } catch (error) {
    throw trainFailure(
      'ModelDamaged',
      'The stored model could not be loaded: its files are damaged or incomplete. Train the model again.',
      String(error),
    )
  }
}

const NAMES: Readonly<Record<string, string>> = {
  kernel: 'kernel',
  depthwise_kernel: 'kernel',
  bias: 'bias',
  gamma: 'gamma',
  beta: 'beta',
  moving_mean: 'movingMean',
  moving_variance: 'movingVariance',
}

/** The weights of every layer by layer name (= spec id), renamed as `LayerWeights` expects (lower-weights.ts). */
export function layerWeightsOf(model: tfl.LayersModel): LayerWeights {
  const out: Record<string, Record<string, Float32Array>> = {}
  for (const layer of model.layers) {
    const values = layer.getWeights()
    if (values.length === 0) continue
    const named: Record<string, Float32Array> = {}
    layer.weights.forEach((w, i) => {
      const short = w.originalName.split('/').pop()!.replace(/_\d+$/, '')
      const name = NAMES[short] ?? short
      named[name] = values[i]!.dataSync() as Float32Array
    })
    out[layer.name] = named
  }
  return out
}
