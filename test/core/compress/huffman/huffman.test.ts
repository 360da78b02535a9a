import { describe, expect, it } from 'vitest'
import { canonicalCode } from '../../../../src/core/compress/huffman/canonical'
import { limitedCodeLengths } from '../../../../src/core/compress/huffman/code-lengths'
import { MAX_CODE_LENGTH, huffmanDecode, huffmanEncode } from '../../../../src/core/compress/huffman/huffman'
import { createRng } from '../../../../src/core/train/random'

/** The seeded PRNG of src/core/train/random.ts, as a bare [0, 1) stream, so failures reproduce. */
const rng = (seed: number): (() => number) => createRng(seed).next

/** Plain Huffman code lengths by repeatedly merging the two lightest nodes: an independent reference. */
function huffmanLengths(weights: readonly number[]): number[] {
  const nodes = weights.map((w, i) => ({ w, leaves: [i] })).filter((n) => n.w > 0)
  const lengths = weights.map(() => 0)
  if (nodes.length === 1) lengths[nodes[0]!.leaves[0]!] = 1
  while (nodes.length > 1) {
    nodes.sort((a, b) => a.w - b.w)
    const [a, b] = nodes.splice(0, 2) as [(typeof nodes)[0], (typeof nodes)[0]]
    for (const leaf of [...a.leaves, ...b.leaves]) lengths[leaf]!++
    nodes.push({ w: a.w + b.w, leaves: [...a.leaves, ...b.leaves] })
  }
  return lengths
}

const cost = (weights: readonly number[], lengths: ArrayLike<number>) =>
  weights.reduce((sum, w, i) => sum + w * lengths[i]!, 0)

function indicesFrom(weights: readonly number[]): Uint8Array {
  const out: number[] = []
  weights.forEach((w, s) => {
    for (let i = 0; i < w; i++) out.push(s)
  })
  const r = rng(7)
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return Uint8Array.from(out)
}

describe('length-limited code lengths (package-merge)', () => {
  it('equal the optimal Huffman cost when the limit does not bind', () => {
    const r = rng(1)
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(r() * 40)
      const weights = Array.from({ length: n }, () => 1 + Math.floor(r() * 1000))
      const limited = limitedCodeLengths(weights, 15)
      expect(cost(weights, limited)).toBe(cost(weights, huffmanLengths(weights)))
    }
  })

  it('never exceed the limit on Fibonacci weights, where plain Huffman would, and satisfy Kraft equality', () => {
    const fib = [1, 1]
    while (fib.length < 30) fib.push(fib.at(-1)! + fib.at(-2)!)
    expect(Math.max(...huffmanLengths(fib))).toBe(29)
    for (const limit of [5, 8, 15]) {
      const lengths = limitedCodeLengths(fib, limit)
      expect(Math.max(...lengths)).toBeLessThanOrEqual(limit)
      expect([...lengths].reduce((s, l) => s + 2 ** -l, 0)).toBeCloseTo(1, 12)
    }
  })

  it('refuses a limit too small for the number of symbols', () => {
    expect(() => limitedCodeLengths(new Array(33).fill(1), 5)).toThrow(RangeError)
  })
})

describe('canonical codes', () => {
  it('assign consecutive codes by (length, symbol), as RFC 1951 §3.2.2 does', () => {
    // The RFC's own example: lengths (3, 3, 3, 3, 3, 2, 4, 4) for A…H give F=00, A=010 … E=110, G=1110, H=1111.
    const code = canonicalCode(Uint8Array.from([3, 3, 3, 3, 3, 2, 4, 4]), 4)
    expect(Array.from(code.codes)).toEqual([0b010, 0b011, 0b100, 0b101, 0b110, 0b00, 0b1110, 0b1111])
    expect(Array.from(code.symbols)).toEqual([5, 0, 1, 2, 3, 4, 6, 7])
  })
})

describe('Huffman encode → decode', () => {
  it('is the identity on random index streams of every cluster size', () => {
    const r = rng(3)
    for (const k of [2, 4, 16, 32, 256]) {
      for (const n of [0, 1, 7, 1000, 20_000]) {
        const skew = r() * 4
        const indices = Uint8Array.from({ length: n }, () => Math.floor(k * r() ** (1 + skew)))
        expect(huffmanDecode(huffmanEncode(indices))).toEqual(indices)
      }
    }
  })

  it('handles one symbol, all symbols equally frequent, and the maximum code length', () => {
    const one = new Uint8Array(500).fill(9)
    const encodedOne = huffmanEncode(one)
    expect(huffmanDecode(encodedOne)).toEqual(one)
    expect(encodedOne.length).toBeLessThan(80) // one bit per value
    const flat = indicesFrom(new Array(256).fill(40))
    expect(huffmanDecode(huffmanEncode(flat))).toEqual(flat)
    const fib = [1, 1]
    while (fib.length < 24) fib.push(fib.at(-1)! + fib.at(-2)!)
    const skewed = indicesFrom(fib)
    const encoded = huffmanEncode(skewed)
    expect(encoded[1]).toBe(MAX_CODE_LENGTH)
    expect(huffmanDecode(encoded)).toEqual(skewed)
  })

  it('compresses a peaked distribution close to its entropy', () => {
    const weights = [6000, 2000, 1000, 500, 250, 125, 80, 45]
    const indices = indicesFrom(weights)
    const total = weights.reduce((a, b) => a + b)
    const entropyBits = weights.reduce((s, w) => s - w * Math.log2(w / total), 0)
    const bodyBits = (huffmanEncode(indices).length - 8 - 2 * 8 - 8) * 8
    expect(bodyBits).toBeLessThan(entropyBits * 1.05 + 16)
  })

  it('reports damaged blocks instead of decoding garbage', () => {
    const good = huffmanEncode(indicesFrom([50, 20, 5, 1]))
    expect(() => huffmanDecode(good.slice(0, 3))).toThrow(/too short/)
    expect(() => huffmanDecode(Uint8Array.from([2, ...good.subarray(1)]))).toThrow(/version/)
    expect(() => huffmanDecode(good.slice(0, good.length - 3))).toThrow(/ended early/)
    const lying = good.slice()
    lying[2] = 9 // more length-1 codes than fit
    expect(() => huffmanDecode(lying)).toThrow(/Damaged Huffman block/)
  })
})
