/**
 * Zero-point folding: the int8 kernels compute Σ w · (x + inputOffset) + bias; the generated kernels
 * compute Σ w · x̃ + foldedBias with foldedBias = bias + inputOffset · Σ w, where x̃ is the input value, or
 * the input zero point (−inputOffset) for a tap in the padding. The two are the same bytes:
 *
 * - padding: the portable kernels skip a padding tap; here it adds w · (−inputOffset), and the folded term
 *   adds w · inputOffset back, so it contributes 0 in both;
 * - no overflow: |Σ w · x̃| and |inputOffset · Σ w| are each at most 128 · 128 · taps, below 2^31 for the
 *   65,793 taps the kernels accept, so both sums are exact in int32, as the portable kernel's is;
 * - the bias add wraps modulo 2^32 in both, and addition modulo 2^32 is associative, so
 *   (Σ w · x̃ + (bias + inputOffset · Σ w)) mod 2^32 = (Σ w · (x + inputOffset) + bias) mod 2^32.
 *
 * The requantization that follows sees the same int32, so the output bytes are the same
 * (test/core/codegen/c/generated-kernels.test.ts runs both on random cases).
 */

/** Σ of each output channel's weights when each channel's weights are one contiguous block (conv, dense). */
export function blockSums(weights: Int8Array, channels: number): Int32Array {
  const size = weights.length / channels
  const sums = new Int32Array(channels)
  for (let c = 0; c < channels; c++) {
    let sum = 0
    for (let i = c * size; i < (c + 1) * size; i++) sum += weights[i]!
    sums[c] = sum
  }
  return sums
}

/** Σ of each channel's weights when the channel is the innermost axis (depthwise filters [1, kH, kW, C]). */
export function interleavedSums(weights: Int8Array, channels: number): Int32Array {
  const sums = new Int32Array(channels)
  weights.forEach((w, i) => (sums[i % channels]! += w))
  return sums
}

/** bias + inputOffset · sums, wrapping in int32 as the C does (an absent bias is 0). */
export function foldBias(sums: Int32Array, bias: Int32Array | undefined, inputOffset: number): Int32Array {
  return Int32Array.from(sums, (sum, c) => ((bias?.[c] ?? 0) + inputOffset * sum) | 0)
}
