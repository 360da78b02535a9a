import { ByteBuffer } from 'flatbuffers'

/** A read the flatbuffers runtime made outside the file: `offset` and how many bytes it wanted. */
export interface OutOfBoundsRead {
  readonly method: string
  readonly offset: number
  readonly width: number
  readonly capacity: number
}

/**
 * Runs `work` with every primitive read of the `flatbuffers` runtime watched, and returns the reads that
 * fell outside the buffer. Out of range, the runtime reads `undefined` bytes as zeros instead of failing, so
 * this is the only way to see that a reader trusted an offset it should have checked. The reads themselves
 * are unchanged (the real method runs); the prototype is restored afterwards.
 */
export function watchReads<T>(work: () => T): {
  result: T | undefined
  error: unknown
  outside: OutOfBoundsRead[]
} {
  const widths = { readUint8: 1, readUint16: 2, readInt32: 4, readUint32: 4 } as const
  const proto = ByteBuffer.prototype as unknown as Record<
    string,
    (this: ByteBuffer, offset: number) => number
  >
  const originals = new Map<string, (this: ByteBuffer, offset: number) => number>()
  const outside: OutOfBoundsRead[] = []
  for (const [method, width] of Object.entries(widths)) {
    const original = proto[method]!
    originals.set(method, original)
    proto[method] = function (this: ByteBuffer, offset: number): number {
      const capacity = this.capacity()
      if (!(offset >= 0 && offset + width <= capacity)) outside.push({ method, offset, width, capacity })
      return original.call(this, offset)
    }
  }
  try {
    return { result: work(), error: undefined, outside }
  } catch (error) {
    return { result: undefined, error, outside }
  } finally {
    for (const [method, original] of originals) proto[method] = original
  }
}
