import { encodeBlock, UF2Flags } from 'uf2'

/** UF2 constants (microsoft/uf2 README): 512-byte blocks carrying 256-byte payloads. */
export const UF2_BLOCK_BYTES = 512
export const UF2_PAYLOAD_BYTES = 256
export const RP2040_FAMILY_ID = 0xe48bff56

/**
 * Builds a .uf2 file: the image cut into 256-byte payloads at consecutive flash addresses, each in a
 * 512-byte block with the family id (flag 0x2000), its block number and the block count. The image is
 * padded with 0xFF to a whole payload; `baseAddress` must be 256-byte aligned, as the RP2040 boot ROM
 * requires (it writes whole 256-byte flash pages). Block encoding is the `uf2` package's.
 */
export function buildUf2(bytes: Uint8Array, baseAddress: number, familyId: number): Uint8Array {
  if (baseAddress % UF2_PAYLOAD_BYTES !== 0) {
    throw new RangeError(
      `UF2 base address 0x${baseAddress.toString(16)} is not ${UF2_PAYLOAD_BYTES}-byte aligned`,
    )
  }
  const totalBlocks = Math.max(1, Math.ceil(bytes.length / UF2_PAYLOAD_BYTES))
  const file = new Uint8Array(totalBlocks * UF2_BLOCK_BYTES)
  for (let block = 0; block < totalBlocks; block++) {
    const payload = new Uint8Array(UF2_PAYLOAD_BYTES).fill(0xff)
    payload.set(bytes.subarray(block * UF2_PAYLOAD_BYTES, (block + 1) * UF2_PAYLOAD_BYTES))
    encodeBlock(
      {
        flags: UF2Flags.familyIDPresent,
        flashAddress: baseAddress + block * UF2_PAYLOAD_BYTES,
        payload,
        blockNumber: block,
        totalBlocks,
        boardFamily: familyId,
      },
      file,
      block * UF2_BLOCK_BYTES,
    )
  }
  return file
}

/** Fields of an INFO_UF2.TXT (`Key: value` lines), e.g. `{ 'Board-ID': 'RPI-RP2', Model: 'Raspberry Pi RP2' }`. */
export function parseInfoUf2(text: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z-]+):\s*(.*?)\s*$/.exec(line)
    if (match) fields[match[1]!] = match[2]!
  }
  return fields
}
