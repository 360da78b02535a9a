/**
 * The platform's own UTF-8 and base64 decoders (WHATWG TextDecoder, TextEncoder, atob), which every runtime
 * core runs in has (browsers, workers, Node ≥ 16) but the ECMAScript library core compiles against does not
 * declare. They are reached through `globalThis`, typed with just the members used here, so neither DOM nor
 * Node types leak into core and the renderer's DOM declarations do not clash with a second declaration.
 */
interface PlatformCodecs {
  readonly TextDecoder: new (
    label: 'utf-8',
    options: { readonly ignoreBOM: boolean },
  ) => { decode(bytes: Uint8Array): string }
  readonly TextEncoder: new () => { encode(text: string): Uint8Array }
  atob(base64: string): string
}

const platform = globalThis as unknown as PlatformCodecs

/**
 * UTF-8 bytes as text. Malformed sequences decode to U+FFFD (WHATWG); a byte-order mark is kept as U+FEFF,
 * so callers that accept one strip it themselves.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  return new platform.TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
}

export function encodeUtf8(text: string): Uint8Array {
  return new platform.TextEncoder().encode(text)
}

/** Standard base64 (RFC 4648 §4) as bytes; throws on a character outside the alphabet. */
export function decodeBase64(base64: string): Uint8Array {
  const binary = platform.atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
