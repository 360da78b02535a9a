/**
 * exp and tanh for the float evaluators of Bonsai and ProtoNN, written with float32 operations only so that
 * the TypeScript reference (every operation rounded by `Math.fround`) and the generated C (`float`, no FMA)
 * agree bit for bit. libm's `expf`/`tanhf` differ between glibc and avr-libc, so the C cannot call them.
 *
 * expNeg(x), x ≤ 0: a = x·log2(e); n = floor(a + 0.5); r = a − n ∈ [−0.5, 0.5]; 2^r by a degree-6 Taylor
 * polynomial of e^(r·ln 2) in Horner form (truncation error below 2e−7 relative); times 2^n, built from the
 * exponent bits (exact). Below a = −125 the result is 0 (no subnormals, which avr-libc does not produce).
 * tanh(y) = sign(y)·(1 − e)/(1 + e) with e = expNeg(−2|y|); |y| ≥ 9 gives ±1 (tanh(9) rounds to 1 in float32).
 * The C text of both is `C_FLOAT_MATH` in c-math.ts.
 */

const f = Math.fround

export const LOG2E_F32 = f(Math.LOG2E)

/** e^(r ln 2) = Σ (ln 2)^k r^k / k!, k = 0..6, as float32 constants (highest degree first). */
export const EXP2_POLY_F32: readonly number[] = [6, 5, 4, 3, 2, 1, 0].map((k) => {
  let factorial = 1
  for (let i = 2; i <= k; i++) factorial *= i
  return f(Math.LN2 ** k / factorial)
})

/** e^x for x ≤ 0 (x > 0 is clamped to 0, giving 1), in float32 arithmetic. */
export function expNegF32(x: number): number {
  const a = f(Math.min(x, 0) * LOG2E_F32)
  if (a < -125) return 0
  const n = Math.floor(f(a + 0.5))
  const r = f(a - n)
  let p = EXP2_POLY_F32[0]!
  for (let i = 1; i < EXP2_POLY_F32.length; i++) p = f(f(p * r) + EXP2_POLY_F32[i]!)
  return f(p * 2 ** n)
}

/** tanh(y) in float32 arithmetic. */
export function tanhF32(y: number): number {
  const s = Math.abs(y)
  if (s >= 9) return y < 0 ? -1 : 1
  const e = expNegF32(f(-2 * s))
  const t = f(f(1 - e) / f(1 + e))
  return y < 0 ? -t : t
}

/** Σ a[i]·b[i] accumulated left to right in float32, as the C's loop does. */
export function dotF32(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  let acc = 0
  for (let i = 0; i < n; i++) acc = f(acc + f(a[i]! * b[i]!))
  return acc
}
