const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const valueOf = new Int16Array(128).fill(-1)
for (let i = 0; i < alphabet.length; i++) valueOf[alphabet.charCodeAt(i)] = i

/**
 * Decodes standard base64 (RFC 4648 §4, '=' padding optional). Written out because src/core may use neither
 * Node's Buffer nor the browser's atob. Throws on any character outside the alphabet.
 */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0
  let bitCount = 0
  let o = 0
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i)
    const v = code < 128 ? (valueOf[code] ?? -1) : -1
    if (v < 0) throw new Error(`invalid base64 character at ${i}`)
    bits = (bits << 6) | v
    bitCount += 6
    if (bitCount >= 8) {
      bitCount -= 8
      out[o++] = (bits >> bitCount) & 0xff
    }
  }
  return out
}
