/**
 * Consistent Overhead Byte Stuffing (Cheshire & Baker, 1999): removes every 0x00 from a frame so that 0x00
 * can delimit frames on the wire. A run of up to 254 non-zero bytes is preceded by a code byte (run length +
 * 1); code 0xFF means "254 bytes, no zero after them". Frames of at most 254 bytes cost exactly one byte.
 */
export function cobsEncode(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + Math.ceil(data.length / 254) + 1)
  let codeAt = 0
  let o = 1
  let code = 1
  for (const byte of data) {
    if (byte === 0) {
      out[codeAt] = code
      codeAt = o++
      code = 1
    } else {
      out[o++] = byte
      if (++code === 0xff) {
        out[codeAt] = code
        codeAt = o++
        code = 1
      }
    }
  }
  out[codeAt] = code
  return out.subarray(0, o)
}

/** The decoded frame, or undefined when the bytes are not valid COBS (a code byte runs past the end, a 0x00). */
export function cobsDecode(encoded: Uint8Array): Uint8Array | undefined {
  const out = new Uint8Array(encoded.length)
  let o = 0
  let i = 0
  while (i < encoded.length) {
    const code = encoded[i++]!
    if (code === 0 || i + code - 1 > encoded.length) return undefined
    for (let k = 1; k < code; k++) {
      const byte = encoded[i++]!
      if (byte === 0) return undefined
      out[o++] = byte
    }
    if (code !== 0xff && i < encoded.length) out[o++] = 0
  }
  return out.subarray(0, o)
}
