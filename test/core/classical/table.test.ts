import { describe, expect, it } from 'vitest'
import { TrainErrorCode } from '../../../src/shared/api/train'
import { MoteFailure } from '../../../src/shared/errors'
import type { LabelledTable } from '../../../src/core/classical/learner'
import { argmax } from '../../../src/core/classical/learner'
import { learnerFor, trainClassical } from '../../../src/core/classical/registry'
import { checkTable } from '../../../src/core/classical/table'

function table(values: number[], cols: number, labels: number[], classes = 2): LabelledTable {
  return { x: Float32Array.from(values), rows: labels.length, cols, y: Int32Array.from(labels), classes }
}

function codeOf(run: () => unknown): number | undefined {
  try {
    run()
  } catch (e) {
    return e instanceof MoteFailure ? e.code : undefined
  }
  return undefined
}

describe('checkTable', () => {
  it('accepts a well-formed table of two classes', () => {
    expect(() => checkTable(table([0, 1, 2, 3], 2, [0, 1]))).not.toThrow()
  })

  it('rejects a table whose labels all name one class, saying so', () => {
    expect(codeOf(() => checkTable(table([0, 1, 2, 3], 2, [1, 1])))).toBe(TrainErrorCode.ClassicalOneClass)
  })

  it('rejects arrays that do not match the stated size', () => {
    expect(codeOf(() => checkTable(table([0, 1, 2], 2, [0, 1])))).toBe(TrainErrorCode.ClassicalBadTable)
  })

  it('rejects a label outside the classes', () => {
    expect(codeOf(() => checkTable(table([0, 1, 2, 3], 2, [0, 2])))).toBe(TrainErrorCode.ClassicalBadTable)
  })

  it('names the row and column of a value that is not finite', () => {
    expect(() => checkTable(table([0, 1, 2, Number.NaN], 2, [0, 1]))).toThrow(/Row 2, column 2/)
  })
})

describe('the registry', () => {
  it('refuses a learner it does not know, listing the ones it has', () => {
    expect(codeOf(() => learnerFor('perceptron'))).toBe(TrainErrorCode.ClassicalBadParams)
    expect(codeOf(() => trainClassical('perceptron', table([0, 1], 1, [0, 1]), {}, 1))).toBe(
      TrainErrorCode.ClassicalBadParams,
    )
  })
})

describe('argmax', () => {
  it('picks the first of equal best scores, as the generated C does', () => {
    expect(argmax([1, 3, 3, 2])).toBe(1)
    expect(argmax(Int32Array.from([-5, -7]))).toBe(0)
  })
})
