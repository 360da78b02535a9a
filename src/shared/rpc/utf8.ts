/**
 * UTF-8 through the runtime's native TextEncoder/TextDecoder. Every runtime the wire runs in has them (Node,
 * Chromium, Electron), but src/shared is type-checked against the bare ECMAScript library, which does not
 * declare them; these declarations name just what we use.
 */
declare const TextEncoder: new () => { encode(text: string): Uint8Array }
declare const TextDecoder: new (
  label: 'utf-8',
  options: { fatal: boolean },
) => { decode(bytes: Uint8Array): string }

export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

/** Throws on malformed UTF-8 instead of substituting U+FFFD: a damaged message is refused, not guessed. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
}
