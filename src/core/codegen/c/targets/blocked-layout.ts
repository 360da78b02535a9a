/**
 * The blocked weight layout of the Cortex-M4/M7 DSP matrix-product kernels (1×1 and patch convolutions,
 * fully connected), laid out at generation time so that their inner loops read weights in order with no
 * reordering (resources/firmware/runtime/kernels/cortex-m4-dsp/dsp.h says the same in C):
 * a `rows` × `depth` matrix (output channels × taps, row-major as TFLite stores it) with depth padded with
 * zeros to a multiple of 4, rows taken in pairs; for each pair and each group of 4 taps, 4 bytes of the first
 * row then 4 of the second. A last odd row follows alone, 4 bytes per group.
 */

/** depth rounded up to whole groups of 4. */
export const depth4 = (depth: number) => Math.ceil(depth / 4) * 4

/** The blocked layout of a rows × depth int8 matrix (see the file comment). */
export function blockRowPairs(values: Int8Array, rows: number, depth: number): Int8Array {
  if (values.length !== rows * depth) {
    throw new RangeError(`A ${rows} × ${depth} matrix has ${rows * depth} values, not ${values.length}.`)
  }
  const padded = depth4(depth)
  const out = new Int8Array(rows * padded)
  let at = 0
  for (let row = 0; row < rows; row += 2) {
    const pair = Math.min(2, rows - row)
    for (let group = 0; group < padded; group += 4) {
      for (let k = 0; k < pair; k++) {
        const from = (row + k) * depth
        for (let i = group; i < group + 4; i++) out[at++] = i < depth ? values[from + i]! : 0
      }
    }
  }
  return out
}
