import { DatasetErrorCode, type NewSample } from '../../../shared/api/dataset'
import { MoteFailure } from '../../../shared/errors'
import { normalizeRateHz } from '../../../core/dataset/float-text'
import { isOnPcm16Grid, quantizeToPcm16 } from '../../../core/dataset/pcm'

/**
 * A sample from outside (the renderer's microphone or camera, a capture, an import) made fit to store: its
 * values must match its shape and be finite; audio is put on the 16-bit grid, rates to 9 digits, labels
 * trimmed. Anything else is an `InvalidSample` failure that says what is wrong.
 */
export function checkNewSample(sample: NewSample): NewSample {
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
  for (let i = 0; i < sample.values.length; i++)
    if (!Number.isFinite(sample.values[i]!)) throw fail(`value ${i} is not a finite number`)
  const label = sample.label.trim()
  if (label === '') throw fail('the label is empty')
  return {
    ...sample,
    label,
    rateHz: normalizeRateHz(sample.rateHz),
    // Audio off the grid is put on it; audio already on it (a WAV) is kept, not copied (it may be large).
    values:
      sample.kind === 'audio' && !isOnPcm16Grid(sample.values)
        ? quantizeToPcm16(sample.values)
        : sample.values,
  }
}
