import { DatasetErrorCode, type NewSample } from '../../../shared/api/dataset'
import { MoteFailure } from '../../../shared/errors'
import { normalizeRateHz } from '../../../core/dataset/float-text'
import { isOnPcm16Grid, quantizeToPcm16InPlace } from '../../../core/dataset/pcm'
import { bulkTurns, type LoopTurns } from '../system/loop-turns'

/**
 * Values looked at per turn of the event loop: 4 MB of float32, a few milliseconds. A 49 MB WAV is 24 M
 * values; checked in one go it held `mote serve`'s loop for about a second (docs/serve.md).
 */
export const CHECK_SLICE_VALUES = 1 << 20

/**
 * A sample from outside (the renderer's microphone or camera, a capture, an import) made fit to store: its
 * values must match its shape and be finite; audio is put on the 16-bit grid, rates to 9 digits, labels
 * trimmed. Anything else is an `InvalidSample` failure that says what is wrong. The values are gone through
 * in slices, each after the one before in a later turn of the loop (`turns`), so other calls are answered
 * in between.
 */
export async function checkNewSample(sample: NewSample, turns: LoopTurns = bulkTurns): Promise<NewSample> {
  const fail = (why: string) =>
    new MoteFailure(
      DatasetErrorCode.InvalidSample,
      `The sample "${sample.label}" from ${sample.source || 'an unknown source'} cannot be stored: ${why}.`,
    )
  const axes = sample.axes.length
  if (sample.values.length !== sample.length * axes)
    throw fail(`it has ${sample.values.length} values, not ${sample.length} frames × ${axes} axes`)
  if (sample.kind === 'image') {
    if (!sample.image || sample.image.width * sample.image.height !== sample.length)
      throw fail('an image needs a width and height whose product is its length')
  } else if (!(sample.rateHz > 0)) throw fail('a time series needs a rate above 0 Hz')
  const label = sample.label.trim()
  if (label === '') throw fail('the label is empty')
  const { values } = sample
  let onGrid = true
  for (let from = 0; from < values.length; from += CHECK_SLICE_VALUES) {
    if (from > 0) await turns.turn()
    const slice = values.subarray(from, from + CHECK_SLICE_VALUES)
    for (let i = 0; i < slice.length; i++)
      if (!Number.isFinite(slice[i]!)) throw fail(`value ${from + i} is not a finite number`)
    if (sample.kind === 'audio' && onGrid) onGrid = isOnPcm16Grid(slice)
  }
  return {
    ...sample,
    label,
    rateHz: normalizeRateHz(sample.rateHz),
    // Audio off the grid is put on it; audio already on it (a WAV) is kept, not copied (it may be large).
    values: sample.kind === 'audio' && !onGrid ? await quantized(values, turns) : values,
  }
}

/** `quantizeToPcm16`, a slice per turn of the loop, into a copy (the caller's values stay as they were). */
async function quantized(values: Float32Array, turns: LoopTurns): Promise<Float32Array> {
  const out = values.slice()
  for (let from = 0; from < out.length; from += CHECK_SLICE_VALUES) {
    await turns.turn()
    quantizeToPcm16InPlace(out.subarray(from, from + CHECK_SLICE_VALUES))
  }
  return out
}
