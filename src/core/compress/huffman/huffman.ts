import { BitReader, BitWriter } from './bit-io'
import { canonicalCode } from './canonical'
import { limitedCodeLengths } from './code-lengths'

/**
 * Huffman coding of one tensor's cluster indices (Deep Compression's last stage), in the byte format that
 * docs/model-format.md specifies and the C runtime decodes:
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 1 | format version = 1 |
 * | 1 | 1 | L, the longest code length (1…15) |
 * | 2 | 2·L | counts[1…L], codes per length, uint16 little-endian |
 * | 2+2L | 2 | K, number of symbols with a code, uint16 LE |
 * | 4+2L | K | symbols in canonical order (uint8) |
 * | 4+2L+K | 4 | N, number of coded values, uint32 LE |
 * | 8+2L+K | … | the N codes, MSB-first, zero-padded to a byte |
 */
export const HUFFMAN_FORMAT_VERSION = 1
/** The decoder's limit: 15 bits keeps the C decoder's code register in 16 bits. */
export const MAX_CODE_LENGTH = 15

export function huffmanEncode(indices: Uint8Array, maxLength = MAX_CODE_LENGTH): Uint8Array {
  if (maxLength < 1 || maxLength > MAX_CODE_LENGTH)
    throw new RangeError(`code length limit must be 1…${MAX_CODE_LENGTH}`)
  const frequencies = new Array<number>(256).fill(0)
  for (const v of indices) frequencies[v]!++
  const lengths = limitedCodeLengths(frequencies, maxLength)
  const longest = Math.max(1, ...lengths)
  const code = canonicalCode(lengths, longest)
  const header = new Uint8Array(8 + 2 * longest + code.symbols.length)
  const view = new DataView(header.buffer)
  header[0] = HUFFMAN_FORMAT_VERSION
  header[1] = longest
  for (let l = 1; l <= longest; l++) view.setUint16(2 + 2 * (l - 1), code.counts[l]!, true)
  view.setUint16(2 + 2 * longest, code.symbols.length, true)
  header.set(code.symbols, 4 + 2 * longest)
  view.setUint32(4 + 2 * longest + code.symbols.length, indices.length, true)
  const bits = new BitWriter()
  for (const v of indices) bits.write(code.codes[v]!, code.lengths[v]!)
  const body = bits.finish()
  const out = new Uint8Array(header.length + body.length)
  out.set(header)
  out.set(body, header.length)
  return out
}

/**
 * The reference decoder (the C runtime follows it line by line): canonical decoding one bit at a time, as
 * zlib's puff.c does, with no tables beyond the header. Malformed input is an error, never garbage out.
 */
export function huffmanDecode(encoded: Uint8Array): Uint8Array {
  const fail = (why: string): never => {
    throw new Error(`Damaged Huffman block: ${why}.`)
  }
  if (encoded.length < 4) fail('too short')
  if (encoded[0] !== HUFFMAN_FORMAT_VERSION) fail(`unknown format version ${encoded[0]}`)
  const longest = encoded[1]!
  if (longest < 1 || longest > MAX_CODE_LENGTH) fail(`code length ${longest} out of range`)
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength)
  if (encoded.length < 8 + 2 * longest) fail('header cut short')
  const counts = new Uint16Array(longest + 1)
  let kraft = 0
  for (let l = 1; l <= longest; l++) {
    counts[l] = view.getUint16(2 + 2 * (l - 1), true)
    kraft += counts[l]! * 2 ** (longest - l)
  }
  const symbolCount = view.getUint16(2 + 2 * longest, true)
  if (symbolCount !== counts.reduce((a, b) => a + b, 0)) fail('symbol count does not match the code counts')
  if (kraft > 2 ** longest) fail('the code lengths over-subscribe the code space')
  const symbolsAt = 4 + 2 * longest
  if (encoded.length < symbolsAt + symbolCount + 4) fail('symbol table cut short')
  const symbols = encoded.subarray(symbolsAt, symbolsAt + symbolCount)
  const valueCount = view.getUint32(symbolsAt + symbolCount, true)
  const out = new Uint8Array(valueCount)
  const bits = new BitReader(encoded, symbolsAt + symbolCount + 4)
  for (let v = 0; v < valueCount; v++) {
    let code = 0
    let first = 0
    let index = 0
    let l = 1
    for (; l <= longest; l++) {
      code |= bits.readBit()
      const count = counts[l]!
      if (code - first < count) {
        out[v] = symbols[index + code - first]!
        break
      }
      index += count
      first = (first + count) << 1
      code <<= 1
    }
    if (l > longest) fail(`no code matches at value ${v}`)
  }
  return out
}
