import { describe, expect, it } from 'vitest'
import {
  DIGITS_FEATURES,
  DIGITS_MAX_VALUE,
  digitsCsv,
  generateDigit,
  generateDigitsTable,
  type DigitsTable,
} from '../../../src/core/demo/digits'
import { createRng } from '../../../src/core/train/random'

const F = DIGITS_FEATURES

function split(table: DigitsTable): { train: number[]; test: number[] } {
  const train: number[] = []
  const test: number[] = []
  table.category.forEach((c, r) => (c === 'training' ? train : test).push(r))
  return { train, test }
}

function distanceSq(table: DigitsTable, r: number, other: ArrayLike<number>, offset: number): number {
  let d = 0
  for (let f = 0; f < F; f++) d += (table.x[r * F + f]! - other[offset + f]!) ** 2
  return d
}

function accuracy(table: DigitsTable, rows: readonly number[], predict: (r: number) => number): number {
  return rows.filter((r) => predict(r) === table.y[r]).length / rows.length
}

/** Nearest class mean (a linear rule that sees only each digit's average image). */
function nearestCentroid(table: DigitsTable, train: readonly number[]): (r: number) => number {
  const sums = new Float64Array(10 * F)
  const counts = new Float64Array(10)
  for (const r of train) {
    counts[table.y[r]!]!++
    for (let f = 0; f < F; f++) sums[table.y[r]! * F + f]! += table.x[r * F + f]!
  }
  const means = sums.map((s, i) => s / counts[Math.floor(i / F)]!)
  return (r) => {
    const d = Array.from({ length: 10 }, (_, c) => distanceSq(table, r, means, c * F))
    return d.indexOf(Math.min(...d))
  }
}

/** One nearest neighbour among the training rows. */
function nearestNeighbour(table: DigitsTable, train: readonly number[]): (r: number) => number {
  return (r) => {
    let [best, bestD] = [-1, Infinity]
    for (const q of train) {
      const d = distanceSq(table, r, table.x, q * F)
      if (d < bestD) [best, bestD] = [table.y[q]!, d]
    }
    return best
  }
}

describe('the digits demo generator', () => {
  it('is deterministic: the same seed gives the same bytes, another seed other images', () => {
    const a = generateDigitsTable({ seed: 1, perClass: 3 })
    const b = generateDigitsTable({ seed: 1, perClass: 3 })
    const c = generateDigitsTable({ seed: 2, perClass: 3 })
    expect(Buffer.from(a.x.buffer)).toEqual(Buffer.from(b.x.buffer))
    expect(Buffer.from(a.x.buffer)).not.toEqual(Buffer.from(c.x.buffer))
  })

  it('makes 180 rows of each digit, 36 of them for testing, of 64 whole counts in 0…16', () => {
    const table = generateDigitsTable()
    expect(table.rows).toBe(1800)
    expect(table.x.length).toBe(1800 * 64)
    for (let d = 0; d < 10; d++) {
      const rows = [...table.y.keys()].filter((r) => table.y[r] === d)
      expect(rows.length).toBe(180)
      expect(rows.filter((r) => table.category[r] === 'testing').length).toBe(36)
    }
    expect(table.x.every((v) => Number.isInteger(v) && v >= 0 && v <= DIGITS_MAX_VALUE)).toBe(true)
  })

  it('draws ink where the digit is: a 1 has its ink in the middle columns, a 0 leaves its centre empty', () => {
    const rng = createRng(7)
    const column = (img: Float32Array, c: number) =>
      [0, 1, 2, 3, 4, 5, 6, 7].reduce((s, r) => s + img[r * 8 + c]!, 0)
    const one = generateDigit(1, rng)
    expect(column(one, 3) + column(one, 4)).toBeGreaterThan(3 * (column(one, 0) + column(one, 7) + 1))
    let centre = 0
    let ring = 0
    for (let i = 0; i < 20; i++) {
      const zero = generateDigit(0, rng)
      centre += zero[3 * 8 + 3]! + zero[3 * 8 + 4]! + zero[4 * 8 + 3]! + zero[4 * 8 + 4]!
      ring += zero[3 * 8 + 1]! + zero[4 * 8 + 1]! + zero[3 * 8 + 6]! + zero[4 * 8 + 6]!
    }
    expect(ring).toBeGreaterThan(2 * centre)
  })

  it('is neither trivial nor impossible: the class means classify ~80 %, one nearest neighbour ~90 %', () => {
    const table = generateDigitsTable()
    const { train, test } = split(table)
    const centroid = accuracy(table, test, nearestCentroid(table, train))
    const neighbour = accuracy(table, test, nearestNeighbour(table, train))
    expect(centroid).toBeGreaterThan(0.6)
    expect(centroid).toBeLessThan(0.9)
    expect(neighbour).toBeGreaterThan(0.85)
    expect(neighbour).toBeLessThan(0.99)
  })

  it('writes the table as CSV: a header p0_0…p7_7,label and one line of 65 whole numbers per row', () => {
    const table = generateDigitsTable({ perClass: 2 })
    const lines = digitsCsv(table).trimEnd().split('\n')
    expect(lines.length).toBe(21)
    expect(lines[0]!.split(',')).toEqual([...table.featureNames, 'label'])
    expect(lines[0]!.startsWith('p0_0,p0_1,')).toBe(true)
    expect(lines[0]!.endsWith(',p7_7,label')).toBe(true)
    const third = lines[3]!.split(',').map(Number)
    expect(third.slice(0, 64)).toEqual(Array.from(table.x.subarray(2 * 64, 3 * 64)))
    expect(third[64]).toBe(table.y[2])
    expect(digitsCsv(table, [5]).trimEnd().split('\n').length).toBe(2)
  })
})
