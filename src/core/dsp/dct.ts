/**
 * DCT-II with orthonormal scaling (scipy's `dct(type=2, norm='ortho')`, which librosa and Edge Impulse's
 * speechpy use), truncated to the first K coefficients, with an optional HTK cepstral lifter folded in:
 *   c_k = s_k · Σ_{m=0}^{M−1} x_m · cos(π·k·(2m+1) / (2M)),   s_0 = √(1/M), s_k = √(2/M) for k ≥ 1
 *   lifted: c_k · (1 + (L/2)·sin(π·k/L))   (L = 0: no lifter)
 * The K×M table (row k = coefficient k) is computed in double and rounded to float32 once.
 */
export function dctTable(inputs: number, coefficients: number, lifter: number): Float32Array {
  const table = new Float32Array(coefficients * inputs)
  for (let k = 0; k < coefficients; k++) {
    const scale = Math.sqrt((k === 0 ? 1 : 2) / inputs) * lifterGain(k, lifter)
    for (let m = 0; m < inputs; m++) {
      table[k * inputs + m] = scale * Math.cos((Math.PI * k * (2 * m + 1)) / (2 * inputs))
    }
  }
  return table
}

export function lifterGain(k: number, lifter: number): number {
  return lifter > 0 ? 1 + (lifter / 2) * Math.sin((Math.PI * k) / lifter) : 1
}

/** out[outOffset + k] = Σ_m table[k·M + m] · x[xOffset + m]. */
export function applyDct(
  table: Float32Array,
  inputs: number,
  x: ArrayLike<number>,
  xOffset: number,
  out: Float32Array,
  outOffset: number,
): void {
  const coefficients = table.length / inputs
  for (let k = 0; k < coefficients; k++) {
    let sum = 0
    for (let m = 0; m < inputs; m++) sum += table[k * inputs + m]! * x[xOffset + m]!
    out[outOffset + k] = sum
  }
}
