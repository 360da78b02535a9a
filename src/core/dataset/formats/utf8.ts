/**
 * UTF-8 ↔ string without TextDecoder/TextEncoder (not part of the ECMAScript library that src/core may use).
 * Malformed sequences decode to U+FFFD, as TextDecoder does in its default mode.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  const parts: string[] = []
  let chunk: number[] = []
  for (let i = 0; i < bytes.length;) {
    const [code, length] = decodeAt(bytes, i)
    i += length
    if (code > 0xffff) chunk.push(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff))
    else chunk.push(code)
    if (chunk.length > 8192) {
      parts.push(String.fromCharCode(...chunk))
      chunk = []
    }
  }
  parts.push(String.fromCharCode(...chunk))
  return parts.join('')
}

/**
 * One code point at `at` and the bytes it used, following the WHATWG decoder: the second byte's range
 * depends on the lead (E0: A0–BF, ED: 80–9F, F0: 90–BF, F4: 80–8F), and a sequence broken anywhere yields one
 * U+FFFD for the bytes read so far, the offending byte being read again as the start of the next character.
 */
function decodeAt(bytes: Uint8Array, at: number): [number, number] {
  const b = bytes[at]!
  if (b < 0x80) return [b, 1]
  let needed: number
  let code: number
  let lower = 0x80
  let upper = 0xbf
  if (b >= 0xc2 && b <= 0xdf) [needed, code] = [1, b & 0x1f]
  else if (b >= 0xe0 && b <= 0xef) {
    ;[needed, code] = [2, b & 0x0f]
    if (b === 0xe0) lower = 0xa0
    if (b === 0xed) upper = 0x9f
  } else if (b >= 0xf0 && b <= 0xf4) {
    ;[needed, code] = [3, b & 0x07]
    if (b === 0xf0) lower = 0x90
    if (b === 0xf4) upper = 0x8f
  } else return [0xfffd, 1]
  for (let k = 1; k <= needed; k++) {
    const c = bytes[at + k]
    if (c === undefined || c < lower || c > upper) return [0xfffd, k]
    code = (code << 6) | (c & 0x3f)
    lower = 0x80
    upper = 0xbf
  }
  return [code, needed + 1]
}

export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = []
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return Uint8Array.from(out)
}
