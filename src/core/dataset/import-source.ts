import { openSampleReader, type ParseOptions } from './formats/sample-readers'
import type { FileFacts, SampleBody } from './formats/parsed-sample'

/**
 * One file to import, read as a stream so that memory holds one chunk and one sample, not the file: the CLI
 * reads files from disk block by block, the API hands in bytes it already holds (`bytesSource`).
 */
export interface ImportSource {
  /** The path as the user gave it, relative to what they picked: labels and categories come from it. */
  readonly name: string
  /** Size in bytes, when known (lets readers refuse a file by its size before reading it). */
  readonly size?: number
  /**
   * The bytes from the start, in chunks of any size; may be called again for a second reading. Each chunk
   * is the reader's to keep (a source never reuses a chunk's memory).
   */
  chunks(): AsyncIterable<Uint8Array>
}

export const SOURCE_CHUNK_BYTES = 1 << 18

/** Bytes in memory as a source, in views of `chunkBytes` (no copy). */
export function bytesSource(name: string, bytes: Uint8Array, chunkBytes = SOURCE_CHUNK_BYTES): ImportSource {
  return {
    name,
    size: bytes.length,
    async *chunks() {
      for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes)
    },
  }
}

/**
 * The samples of one source as they are read; returns what the file says only at its end (a CSV's rate).
 * A damaged file throws from the iteration, after the samples before the damage were yielded.
 */
export async function* sampleStream(
  source: ImportSource,
  options: ParseOptions,
): AsyncGenerator<SampleBody, FileFacts> {
  const ready: SampleBody[] = []
  const reader = openSampleReader(source.name, options, (s) => ready.push(s), source.size)
  for await (const chunk of source.chunks()) {
    reader.push(chunk)
    for (const sample of ready.splice(0)) yield sample
  }
  const facts = reader.end()
  for (const sample of ready.splice(0)) yield sample
  return facts
}
