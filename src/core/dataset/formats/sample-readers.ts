import type { MoteFailure } from '../../../shared/errors'
import { datasetFailure, importFailure } from '../errors'
import { normalizeRateHz } from '../float-text'
import { quantizeToPcm16InPlace } from '../pcm'
import { resample, resampledLength } from '../resample'
import { checkLength, checkRate, formatHz } from '../sample-limits'
import { CsvSampleReader } from './csv'
import { readEiJson } from './ei-json'
import { decodeImageFile } from './image'
import type { EmitSample, FileFacts, ParsedSample, SampleFileReader } from './parsed-sample'
import { decodeUtf8 } from '../../util/text-codecs'
import { TableSampleReader } from './table'
import { WavReader } from './wav'

export interface ParseOptions {
  /** WAV: resample to this rate. CSV without timestamps: the rate of its rows. */
  readonly rateHz?: number
  /** CSV: read as a table, one sample per row, this column the label (table.ts). */
  readonly labelColumn?: string | number
}

/** What the readers need of an import's options. */
export function parseOptionsOf(options: ParseOptions): ParseOptions {
  return {
    ...(options.rateHz === undefined ? {} : { rateHz: options.rateHz }),
    ...(options.labelColumn === undefined ? {} : { labelColumn: options.labelColumn }),
  }
}

export const IMPORT_EXTENSIONS = ['.csv', '.json', '.wav', '.png', '.jpg', '.jpeg'] as const

/**
 * Formats read whole (JSON has to be parsed as one text, images decoded as one) are refused above this size,
 * so that memory stays bounded; CSV and WAV stream and have no such limit.
 */
export const MAX_WHOLE_FILE_BYTES = 128 * 1024 * 1024

export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  return dot <= 0 ? '' : base.slice(dot).toLowerCase()
}

/**
 * The streaming reader for one file, chosen by its extension. `fileBytes` (when known) lets readers refuse
 * a file by its size or a WAV whose data chunk claims more than the file holds before reading it.
 */
export function openSampleReader(
  name: string,
  options: ParseOptions,
  emit: EmitSample,
  fileBytes?: number,
): SampleFileReader {
  const ext = extensionOf(name)
  switch (ext) {
    case '.csv':
      return options.labelColumn === undefined
        ? new CsvSampleReader(name, options, emit)
        : new TableSampleReader(name, { labelColumn: options.labelColumn }, emit)
    case '.wav':
      return new WavSampleReader(name, options.rateHz, emit, fileBytes)
    case '.json':
      return new WholeFileReader(name, 'Edge Impulse JSON', fileBytes, (bytes) =>
        emit(readEiJson(name, decodeUtf8(bytes))),
      )
    case '.png':
    case '.jpg':
    case '.jpeg':
      return new WholeFileReader(name, 'an image', fileBytes, (bytes) => emit(imageSample(name, bytes)))
    default:
      throw notImportable(name)
  }
}

/** True when the name has an extension Mote reads. */
export function isImportable(name: string): boolean {
  return (IMPORT_EXTENSIONS as readonly string[]).includes(extensionOf(name))
}

/** The failure for a file whose extension no reader knows (skipped from folders, listed as skipped). */
export function notImportable(name: string): MoteFailure {
  const ext = extensionOf(name)
  return datasetFailure(
    'UnsupportedFile',
    `${name}: Mote imports ${IMPORT_EXTENSIONS.join(', ')} files, not "${ext || 'no extension'}"`,
  )
}

/** Every sample in one file in memory, all or nothing: a damaged file throws and gives none. */
export function parseSampleFile(name: string, bytes: Uint8Array, options: ParseOptions = {}): ParsedSample[] {
  const bodies: Parameters<EmitSample>[0][] = []
  const reader = openSampleReader(name, options, (s) => bodies.push(s), bytes.length)
  reader.push(bytes)
  const facts = reader.end()
  return bodies.map((b) => withRate(name, b, facts))
}

/** A sample with its rate: its own, or the file's (a CSV's, known at its end). */
export function withRate<T extends { readonly rateHz?: number }>(
  name: string,
  body: T,
  facts: FileFacts,
): T & { rateHz: number } {
  const rateHz = body.rateHz ?? facts.rateHz
  if (rateHz === undefined) throw importFailure(name, undefined, 'its rate is unknown')
  return { ...body, rateHz }
}

/** JSON and images: the bytes are gathered (up to MAX_WHOLE_FILE_BYTES) and read at the end. */
class WholeFileReader implements SampleFileReader {
  private readonly parts: Uint8Array[] = []
  private bytes = 0

  constructor(
    private readonly file: string,
    private readonly kind: string,
    fileBytes: number | undefined,
    private readonly read: (bytes: Uint8Array) => void,
  ) {
    if (fileBytes !== undefined) this.refuseAbove(fileBytes)
  }

  push(chunk: Uint8Array): void {
    this.refuseAbove(this.bytes + chunk.length)
    this.parts.push(chunk)
    this.bytes += chunk.length
  }

  end(): FileFacts {
    const all = this.parts.length === 1 ? this.parts[0]! : new Uint8Array(this.bytes)
    if (this.parts.length > 1) this.parts.reduce((at, p) => (all.set(p, at), at + p.length), 0)
    this.parts.length = 0
    this.read(all)
    return {}
  }

  private refuseAbove(bytes: number): void {
    if (bytes > MAX_WHOLE_FILE_BYTES)
      throw importFailure(
        this.file,
        undefined,
        `the file is ${Math.round(bytes / 2 ** 20)} MiB; Mote reads ${this.kind} of up to ${MAX_WHOLE_FILE_BYTES / 2 ** 20} MiB (CSV and WAV of any size)`,
      )
  }
}

/**
 * WAV to one audio sample, resampled when asked. Without resampling the file's rate must be one a sample may
 * have (checked as soon as the fmt chunk is read); with it, the resampled length is checked before resampling.
 */
class WavSampleReader implements SampleFileReader {
  private readonly wav: WavReader

  constructor(
    private readonly file: string,
    private readonly toHz: number | undefined,
    private readonly emit: EmitSample,
    fileBytes: number | undefined,
  ) {
    this.wav = new WavReader(file, {
      ...(fileBytes === undefined ? {} : { fileBytes }),
      onFormat: (format, at) => {
        if (toHz === undefined)
          checkRate(
            file,
            `byte ${at}`,
            format.rateHz,
            'the audio is at',
            '; resample it on import (--rate 16000)',
          )
      },
    })
  }

  push(chunk: Uint8Array): void {
    this.wav.push(chunk)
  }

  end(): FileFacts {
    const wav = this.wav.end()
    if (wav.values.length === 0) throw importFailure(this.file, undefined, 'the WAV file holds no audio')
    const to = this.toHz ?? wav.rateHz
    let values = wav.values
    if (to !== wav.rateHz) {
      const frames = resampledLength(values.length, wav.rateHz, to)
      if (frames < 1)
        throw importFailure(
          this.file,
          undefined,
          `resampled to ${formatHz(to)} Hz, its ${formatHz(values.length / wav.rateHz)} s of audio would keep no frame; choose a higher rate`,
        )
      checkLength(this.file, undefined, frames, `resampled to ${formatHz(to)} Hz, the audio would have`)
      checkRate(this.file, undefined, normalizeRateHz(to), 'the rate to resample to,')
      values = quantizeToPcm16InPlace(resample(values, wav.rateHz, to))
    }
    this.emit({
      kind: 'audio',
      rateHz: normalizeRateHz(to),
      axes: [{ name: 'audio', unit: '' }],
      length: values.length,
      source: this.file,
      values,
    })
    return {}
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
