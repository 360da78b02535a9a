import type { ModelGraph } from '../model/graph'
import { concatSets } from './augment-epochs'
import type { PreparedData } from './data-pipeline'
import type { WindowSet } from './window-set'

/**
 * A frozen pretrained backbone as training sees it (src/core/transfer builds one from a .tflite): it turns
 * feature windows into embeddings, and joins the trained head back onto itself.
 */
export interface FrozenBackbone {
  readonly name: string
  /** The embeddings of every window (same labels and origins). */
  embed(set: WindowSet): Promise<WindowSet>
  /**
   * The whole model: `float` (the dequantized backbone + the float head, for float tools) and `int8` (the
   * backbone's own int8 ops + the head quantized on `calibration`'s embeddings).
   */
  combine(head: ModelGraph, calibration: WindowSet): { float: ModelGraph; int8: ModelGraph }
}

/** What the model trains and is tested on: features, or embeddings when the design has a backbone. */
export interface TrainingInputs {
  readonly train: WindowSet
  readonly validation: WindowSet
  readonly test: WindowSet
  /** The training windows of an epoch when augmentation draws new copies; absent otherwise. */
  readonly trainFor?: (epoch: number) => Promise<WindowSet>
}

export async function trainingInputs(data: PreparedData, backbone?: FrozenBackbone): Promise<TrainingInputs> {
  const map = (set: WindowSet) => (backbone ? backbone.embed(set) : Promise.resolve(set))
  const train = await map(data.train)
  const validation = await map(data.validation)
  const test = await map(data.test)
  const augmented = data.augmented
  if (!augmented) return { train, validation, test }
  let cached: { draw: number; set: WindowSet } | undefined
  const trainFor = async (epoch: number) => {
    const draw = augmented.drawOf(epoch)
    if (cached?.draw !== draw) cached = { draw, set: concatSets(train, await map(augmented.copies(draw))) }
    return cached.set
  }
  return { train, validation, test, trainFor }
}
