import { datasetFailure, importFailure } from '../errors'
import { normalizeRateHz } from '../float-text'
import { quantizeToPcm16 } from '../pcm'
import { resample } from '../resample'
import type { Sample } from '../sample'
import { readCsv, writeCsv } from './csv'
import { readEiJson, writeEiJson } from './ei-json'
import { decodeImageFile, encodeImagePng } from './image'
import type { ParsedSample } from './parsed-sample'
import { decodeUtf8, encodeUtf8 } from '../../util/text-codecs'
import { decodeWav, encodeWav } from './wav'

export interface ParseOptions {
  /** WAV: resample to this rate. CSV without timestamps: the rate of its rows. */
  readonly rateHz?: number
}

export const IMPORT_EXTENSIONS = ['.csv', '.json', '.wav', '.png', '.jpg', '.jpeg'] as const

/** Every sample in one file, chosen by extension; all or nothing: a damaged file throws and gives none. */
export function parseSampleFile(name: string, bytes: Uint8Array, options: ParseOptions = {}): ParsedSample[] {
  const ext = extensionOf(name)
  switch (ext) {
    case '.csv':
      return readCsv(name, decodeUtf8(bytes), options)
    case '.json':
      return [readEiJson(name, decodeUtf8(bytes))]
    case '.wav':
      return [wavSample(name, bytes, options.rateHz)]
    case '.png':
    case '.jpg':
    case '.jpeg':
      return [imageSample(name, bytes)]
    default:
      throw datasetFailure(
        'UnsupportedFile',
        `${name}: Mote imports ${IMPORT_EXTENSIONS.join(', ')} files, not "${ext || 'no extension'}". Leave this file out.`,
      )
  }
}

export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  return dot <= 0 ? '' : base.slice(dot).toLowerCase()
}

function wavSample(name: string, bytes: Uint8Array, rateHz: number | undefined): ParsedSample {
  const wav = decodeWav(name, bytes)
  if (wav.values.length === 0) throw importFailure(name, undefined, 'the WAV file holds no audio')
  const to = rateHz ?? wav.rateHz
  const values = to === wav.rateHz ? wav.values : quantizeToPcm16(resample(wav.values, wav.rateHz, to))
  return {
    kind: 'audio',
    rateHz: normalizeRateHz(to),
    axes: [{ name: 'audio', unit: '' }],
    length: values.length,
    source: name,
    values,
  }
}

function imageSample(name: string, bytes: Uint8Array): ParsedSample {
  const image = decodeImageFile(name, bytes)
  const axes =
    image.channels === 1 ? [{ name: 'gray', unit: '' }] : ['R', 'G', 'B'].map((c) => ({ name: c, unit: '' }))
  return {
    kind: 'image',
    rateHz: 0,
    axes,
    length: image.width * image.height,
    image: { width: image.width, height: image.height },
    source: name,
    values: Float32Array.from(image.data),
  }
}

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
  if (meta.kind === 'audio' && Number.isInteger(meta.rateHz) && isPcm(sample.values))
    return { name: `${base}.wav`, bytes: encodeWav(sample.values, meta.rateHz) }
  return { name: `${base}.csv`, bytes: encodeUtf8(writeCsv(sample)) }
}

function isPcm(values: Float32Array): boolean {
  return quantizeToPcm16(values).every((v, i) => v === values[i])
}

/** A label as a file-name prefix: no dots (they end the label on import), no path or reserved characters. */
export function safeFileLabel(label: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
  return label.replace(/[./\\:*?"<>|\u0000-\u001f]/g, '_')
}
