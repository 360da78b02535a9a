/**
 * Comparing harness results with the TypeScript reference, with a failure message that names the first
 * differing case and its parameters so that it can be reproduced.
 */
import { expect } from 'vitest'
import type { Expected } from './int8-cases'
import type { KernelResult } from './wire'

function describeCase(item: Expected, index: number, result: KernelResult): string {
  const params = JSON.stringify(item.kernelCase.params, (_key, value: unknown) =>
    ArrayBuffer.isView(value) ? Array.from(value as Int32Array) : value,
  )
  const first = result.output.findIndex((byte, i) => byte !== item.expected[i])
  return (
    `case ${index} (${item.kernelCase.kernel}${item.kernelCase.inPlace ? ', in place' : ''}): status ` +
    `${result.status}, first difference at byte ${first}; params ${params}`
  )
}

/** Every result has status MOTE_OK and exactly the expected bytes. */
export function expectBitExact(items: readonly Expected[], results: readonly KernelResult[]): void {
  expect(results).toHaveLength(items.length)
  const failures: string[] = []
  items.forEach((item, i) => {
    const result = results[i]!
    const same =
      result.status === 0 &&
      result.output.length === item.expected.length &&
      result.output.every((byte, j) => byte === item.expected[j])
    if (!same) failures.push(describeCase(item, i, result))
  })
  expect(failures.slice(0, 3), `${failures.length} of ${items.length} cases differ`).toEqual([])
}

const floats = (bytes: Uint8Array) =>
  new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))

/** The largest |C − reference| over every value of every case (NaN = NaN, −0 = +0), and the cases not MOTE_OK. */
export function floatError(items: readonly Expected[], results: readonly KernelResult[]) {
  let maxAbsolute = 0
  const failures: number[] = []
  items.forEach((item, i) => {
    const result = results[i]!
    if (result.status !== 0 || result.output.length !== item.expected.length) return void failures.push(i)
    const c = floats(result.output)
    const reference = floats(item.expected)
    c.forEach((value, j) => {
      const expected = reference[j]!
      if (value === expected || (Number.isNaN(value) && Number.isNaN(expected))) return
      maxAbsolute = Math.max(maxAbsolute, Math.abs(value - expected))
    })
  })
  return { maxAbsolute, failures }
}

/** Every result is MOTE_OK and equal in value to the reference (−0 = +0, NaN = NaN). */
export function expectSameFloats(items: readonly Expected[], results: readonly KernelResult[]): void {
  expect(floatError(items, results)).toEqual({ maxAbsolute: 0, failures: [] })
}
