/**
 * A small seeded PRNG (mulberry32, public domain, by Tommy Ettinger) and the draws built on it. Everything
 * random in training that we control — splits, shuffles, augmentation, the demo generator — goes through
 * it, so a seed gives the same run on every machine.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform in [low, high). */
  uniform(low: number, high: number): number
  /** Integer uniform in [low, high] (inclusive). */
  int(low: number, high: number): number
  /** Standard normal (Box–Muller). */
  normal(): number
  /** A new generator whose stream depends on this one's seed and `salt`, independent of draws so far. */
  fork(salt: number): Rng
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  let spare: number | undefined
  return {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    int: (low, high) => low + Math.floor(next() * (high - low + 1)),
    normal() {
      if (spare !== undefined) {
        const s = spare
        spare = undefined
        return s
      }
      const u = Math.max(next(), 1e-12)
      const v = next()
      const r = Math.sqrt(-2 * Math.log(u))
      spare = r * Math.sin(2 * Math.PI * v)
      return r * Math.cos(2 * Math.PI * v)
    },
    fork: (salt) => createRng(hashSeed(seed, salt)),
  }
}

/** Mixes two integers into a 32-bit seed (a step of splitmix32). */
export function hashSeed(seed: number, salt: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(salt >>> 0, 0x85ebca6b)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1))
    const t = out[i]!
    out[i] = out[j]!
    out[j] = t
  }
  return out
}

/** A stable 32-bit hash of a string (FNV-1a), for per-sample seeds that do not depend on sample order. */
export function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h
}
