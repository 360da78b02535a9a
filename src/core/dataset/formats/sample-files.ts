import { datasetFailure } from '../errors'
import { isOnPcm16Grid } from '../pcm'
import type { Sample } from '../sample'
import { writeCsv } from './csv'
import { writeEiJson } from './ei-json'
import { encodeImagePng } from './image'
import { encodeUtf8 } from '../../util/text-codecs'
import { encodeWav } from './wav'

export type ExportFormat = 'csv' | 'ei-json'

export interface ExportedFile {
  /** `<label>.<id>.<ext>`: the label first, so that importing by file name gives it back. */
  readonly name: string
  readonly bytes: Uint8Array
}

/**
 * One sample as a file. Images are always PNG (lossless); audio on the 16-bit grid at a whole-number rate is
 * WAV in the `csv` format; everything else is CSV or Edge Impulse JSON. Each reads back to the same values.
 */
export function exportSample(sample: Sample, format: ExportFormat, issuedAtSeconds = 0): ExportedFile {
  const { meta } = sample
  const base = `${safeFileLabel(meta.label)}.${meta.id}`
  if (meta.kind === 'image') {
    const channels = meta.axes.length === 1 ? 1 : 3
    if (meta.axes.length !== channels || !meta.image)
      throw datasetFailure(
        'ExportFailed',
        `Sample ${meta.id} is an image with ${meta.axes.length} channels; only gray or RGB can be written as PNG.`,
      )
    const data = Uint8Array.from(sample.values, (v) => Math.max(0, Math.min(255, Math.round(v))))
    return { name: `${base}.png`, bytes: encodeImagePng({ ...meta.image, channels, data }) }
  }
  if (format === 'ei-json')
    return { name: `${base}.json`, bytes: encodeUtf8(writeEiJson(sample, issuedAtSeconds)) }
  if (meta.kind === 'audio' && Number.isInteger(meta.rateHz) && isOnPcm16Grid(sample.values))
    return { name: `${base}.wav`, bytes: encodeWav(sample.values, meta.rateHz) }
  return { name: `${base}.csv`, bytes: encodeUtf8(writeCsv(sample)) }
}

/** A label as a file-name prefix: no dots (they end the label on import), no path or reserved characters. */
export function safeFileLabel(label: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
  return label.replace(/[./\\:*?"<>|\u0000-\u001f]/g, '_')
}
