import { beforeAll, describe, expect, it } from 'vitest'
import { bitEqual, int, ours, prng, runKernel, setUp, stock, tf, valuesOn } from './helpers'

beforeAll(setUp)

/** Random values including the awkward ones: ±0, ±Infinity, NaN, tiny and huge magnitudes. */
function awkwardValues(rand: () => number, size: number): Float32Array {
  const specials = [0, -0, Infinity, -Infinity, NaN, 1e-30, -3e38, 6, 0.5]
  return Float32Array.from({ length: size }, () =>
    rand() < 0.15
      ? (specials[int(rand, 0, specials.length - 1)] ?? 0)
      : (rand() * 2 - 1) * 10 ** int(rand, -3, 3),
  )
}

/** A random output shape and two operand shapes that broadcast to it (unit dims, missing leading dims). */
function broadcastShapes(rand: () => number): [number[], number[]] {
  const out = Array.from({ length: int(rand, 0, 5) }, () => int(rand, 1, 5))
  const operand = (): number[] => {
    const shape = out.map((d) => (rand() < 0.3 ? 1 : d))
    return shape.slice(int(rand, 0, shape.length))
  }
  return [operand(), out.length ? out : []].map((s, i) => (i === 1 && rand() < 0.5 ? operand() : s)) as [
    number[],
    number[],
  ]
}

async function sameOnBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<[Float32Array[], Float32Array[]]> {
  return [await valuesOn(ours, f), await valuesOn(stock, f)]
}

describe('element-wise kernels on the mote-wasm backend', () => {
  it('gives bit-identical Add, Sub, Multiply, RealDiv to tfjs-cpu over 60 random broadcasts with NaN, ±0, ±Infinity', async () => {
    const rand = prng(51)
    for (let i = 0; i < 60; i++) {
      const [sa, sb] = broadcastShapes(rand)
      const a = tf.tensor(
        awkwardValues(
          rand,
          sa.reduce((p, d) => p * d, 1),
        ),
        sa,
      )
      const b = tf.tensor(
        awkwardValues(
          rand,
          sb.reduce((p, d) => p * d, 1),
        ),
        sb,
      )
      const [x, y] = await sameOnBoth(() => [
        tf.add(a, b),
        tf.sub(a, b),
        tf.mul(a, b),
        tf.div(a, b),
        tf.sub(b, a),
      ])
      x.forEach((v, k) => expect(bitEqual(v, y[k]!), `${sa} ${sb} op ${k}`).toBe(true))
    }
  })

  it('gives SquaredDifference within one float32 rounding of tfjs-cpu (which squares in double)', async () => {
    const rand = prng(52)
    const a = tf.tensor(
      Float32Array.from({ length: 600 }, () => rand() * 8 - 4),
      [20, 30],
    )
    const b = tf.tensor(
      Float32Array.from({ length: 30 }, () => rand() * 8 - 4),
      [30],
    )
    const [[x], [y]] = await sameOnBoth(() => tf.squaredDifference(a, b))
    x!.forEach((v, i) => expect(Math.abs(v - y![i]!)).toBeLessThanOrEqual(Math.abs(y![i]!) * 2 ** -22))
  })

  it('gives identical comparisons, logical and/or and Select to tfjs-cpu, NaN compares false', async () => {
    const rand = prng(53)
    for (let i = 0; i < 30; i++) {
      const [sa, sb] = broadcastShapes(rand)
      const a = tf.tensor(
        awkwardValues(
          rand,
          sa.reduce((p, d) => p * d, 1),
        ),
        sa,
      )
      const b = tf.tensor(
        awkwardValues(
          rand,
          sb.reduce((p, d) => p * d, 1),
        ),
        sb,
      )
      const f = () => {
        const ge = tf.greaterEqual(a, b)
        const le = tf.lessEqual(a, b)
        const both = tf.logicalAnd(ge, le)
        const either = tf.logicalOr(tf.greater(a, b), tf.less(a, b))
        const shape = both.shape
        const t = tf.broadcastTo(a, shape)
        const e = tf.broadcastTo(b, shape)
        return [ge, le, tf.equal(a, b), tf.notEqual(a, b), both, either, tf.where(both, t, e)].map((x) =>
          tf.cast(x, 'float32'),
        )
      }
      const [x, y] = await sameOnBoth(f)
      x.forEach((v, k) => expect(bitEqual(v, y[k]!), `${sa} ${sb} op ${k}`).toBe(true))
    }
  })

  it('gives bit-identical Relu, Relu6, LeakyRelu, Step, Neg, Square, Sqrt and ClipByValue', async () => {
    const x = tf.tensor(awkwardValues(prng(54), 999))
    const f = () => [
      tf.relu(x),
      tf.relu6(x),
      tf.leakyRelu(x, 0.3),
      runKernel('Step', { x }, { alpha: 0.25 }),
      tf.neg(x),
      tf.square(x),
      tf.sqrt(tf.abs(x)),
      tf.clipByValue(x, -0.1, 6),
    ]
    const [a, b] = await sameOnBoth(f)
    a.forEach((v, k) => expect(bitEqual(v, b[k]!), `op ${k}`).toBe(true))
  })

  it('gives bit-identical Sum and Mean over any axes, with or without keepDims (double accumulation, same order)', async () => {
    const rand = prng(55)
    for (let i = 0; i < 40; i++) {
      const shape = Array.from({ length: int(rand, 1, 5) }, () => int(rand, 1, 6))
      const x = tf.tensor(
        Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => rand() * 2 - 1),
        shape,
      )
      const axes = shape.map((_, j) => j).filter(() => rand() < 0.5)
      const keepDims = rand() < 0.5
      const [a, b] = await sameOnBoth(() => [
        tf.sum(x, axes, keepDims),
        tf.mean(x, axes, keepDims),
        tf.sum(x),
      ])
      a.forEach((v, k) => expect(bitEqual(v, b[k]!), `${shape} axes ${axes} op ${k}`).toBe(true))
    }
  })

  it('gives bit-identical Tile to tfjs-cpu for random repetitions', async () => {
    const rand = prng(56)
    for (let i = 0; i < 20; i++) {
      const shape = Array.from({ length: int(rand, 1, 4) }, () => int(rand, 1, 4))
      const reps = shape.map(() => int(rand, 1, 3))
      const x = tf.tensor(
        awkwardValues(
          rand,
          shape.reduce((p, d) => p * d, 1),
        ),
        shape,
      )
      const [[a], [b]] = await sameOnBoth(() => tf.tile(x, reps))
      expect(bitEqual(a!, b!), `${shape} × ${reps}`).toBe(true)
    }
  })

  it('gives bit-identical FusedBatchNorm with per-channel and scalar parameters', async () => {
    const rand = prng(57)
    const values = (n: number) => Float32Array.from({ length: n }, () => rand() * 4 - 2)
    const x = tf.tensor4d(values(2 * 5 * 3 * 7), [2, 5, 3, 7])
    const mean = tf.tensor1d(values(7))
    const variance = tf.tensor1d(values(7).map(Math.abs))
    const scale = tf.tensor1d(values(7))
    const offset = tf.tensor1d([0.25])
    const [a, b] = await sameOnBoth(() => [
      tf.batchNorm(x, mean, variance, offset, scale, 0.001),
      tf.batchNorm(x, mean, variance, undefined, undefined, 1e-5),
    ])
    a.forEach((v, k) => expect(bitEqual(v, b[k]!), `case ${k}`).toBe(true))
  })

  it('gathers rows like tfjs-cpu and hands out-of-range indices to tfjs-cpu, which rejects them', async () => {
    const x = tf.tensor3d(
      Float32Array.from({ length: 5 * 3 * 2 }, (_, i) => i),
      [5, 3, 2],
    )
    const [[a], [b]] = await sameOnBoth(() => tf.gather(x, tf.tensor1d([4, 0, 0, 2], 'int32')))
    expect(bitEqual(a!, b!)).toBe(true)
    await tf.setBackend(ours)
    expect(() => tf.gather(x, tf.tensor1d([5], 'int32'))).toThrow(/not in \[0, 4\]/)
  })

  it('leaves int32 tensors to tfjs-cpu, with int32 results', async () => {
    await tf.setBackend(ours)
    const sum = tf.add(tf.tensor1d([1, 2], 'int32'), tf.tensor1d([3, 4], 'int32'))
    expect(sum.dtype).toBe('int32')
    expect(Array.from(sum.dataSync())).toEqual([4, 6])
  })
})
