import { classicalFailure } from './errors'
import type { LabelledTable } from './learner'

/**
 * Checks a table before any learner sees it: consistent sizes, labels in 0..classes-1, finite values, and at
 * least two classes present (a classifier of one class is a mistake in the data, not a model). Every learner's
 * `train` calls it, so the errors are the same whichever learner the user picked.
 */
export function checkTable(data: LabelledTable): void {
  const { x, rows, cols, y, classes } = data
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw classicalFailure(
      'ClassicalBadTable',
      `The table needs at least one row and one column (got ${rows}×${cols}).`,
    )
  }
  if (x.length !== rows * cols || y.length !== rows) {
    throw classicalFailure(
      'ClassicalBadTable',
      `The table's arrays do not match its size: ${rows}×${cols} needs ${rows * cols} values and ${rows} labels, got ${x.length} and ${y.length}.`,
    )
  }
  if (!Number.isInteger(classes) || classes < 1) {
    throw classicalFailure(
      'ClassicalBadTable',
      `The class count must be a positive integer (got ${classes}).`,
    )
  }
  checkFinite(data)
  const seen = classCounts(data)
  const present = seen.filter((n) => n > 0).length
  if (present < 2) {
    throw classicalFailure(
      'ClassicalOneClass',
      `Every training row has the same label (class ${y[0]}): add rows of at least one other class.`,
    )
  }
}

function checkFinite({ x, cols }: LabelledTable): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) {
      throw classicalFailure(
        'ClassicalBadTable',
        `Row ${Math.floor(i / cols) + 1}, column ${(i % cols) + 1} holds ${x[i]}: every feature must be a finite number.`,
      )
    }
  }
}

/** Rows per class; throws when a label is outside 0..classes-1. */
export function classCounts({ y, classes }: LabelledTable): number[] {
  const counts = new Array<number>(classes).fill(0)
  for (let r = 0; r < y.length; r++) {
    const label = y[r]!
    if (label < 0 || label >= classes) {
      throw classicalFailure(
        'ClassicalBadTable',
        `Row ${r + 1} has label ${label}, outside the ${classes} classes (0–${classes - 1}).`,
      )
    }
    counts[label]!++
  }
  return counts
}

/** Row `r` of the table, as a view (no copy). */
export function rowOf(data: LabelledTable, r: number): Float32Array {
  return data.x.subarray(r * data.cols, (r + 1) * data.cols)
}
