import type { ModelGraph } from '../model/graph'
import type { PretrainedModel } from '../train/pretrained'
import type { FrozenBackbone } from '../train/train-inputs'
import type { WindowSet } from '../train/window-set'
import { createEmbedder, cutBackbone, embedSet, type EmbedOptions } from './backbone'
import { quantizeHead, stitchGraphs } from './combine'
import { dequantizeGraph } from './dequantize-graph'

/** At most this many training windows calibrate the head's quantization (spread over the set). */
const CALIBRATION_WINDOWS = 500

function calibrationRows(set: WindowSet): Float32Array[] {
  const step = Math.max(1, Math.ceil(set.count / CALIBRATION_WINDOWS))
  const rows: Float32Array[] = []
  for (let w = 0; w < set.count; w += step)
    rows.push(set.features.slice(w * set.featureSize, (w + 1) * set.featureSize))
  return rows
}

/**
 * A pretrained model's .tflite graph as a frozen backbone for training (train-inputs.ts): embeddings by the
 * int8 reference interpreter, and the trained head joined back as float and int8 graphs.
 */
export function createFrozenBackbone(
  classifier: ModelGraph,
  model: PretrainedModel,
  options: EmbedOptions = {},
): FrozenBackbone {
  const backbone = cutBackbone(classifier, model.file)
  const embedder = createEmbedder(backbone)
  return {
    name: model.title,
    embed: (set) => embedSet(embedder, set, options),
    combine(head, calibration) {
      const int8Head = quantizeHead(head, calibrationRows(calibration), embedder.outputParams)
      const floatBackbone = dequantizeGraph(backbone, `${model.title}, dequantized`)
      return {
        float: stitchGraphs(floatBackbone, head, `${model.title} + new head (float)`),
        int8: stitchGraphs(backbone, int8Head, `${model.title} (int8, frozen) + new head (int8)`),
      }
    },
  }
}
