import { cRead } from '../c-emit'
import type { NumericMode } from '../learner'
import type { Tree } from './tree'
import { treeTypes } from './tree'

/**
 * The loop over an ensemble's roots, in the scoring body of the generated C: `add` is the statement that
 * uses `leaf` (the value `<prefix>_tree` returns for tree `t`). Trees run in their stored order, which is
 * the order the TypeScript adds them in, so float sums round the same way on host and board.
 */
export function ensembleLoop(
  prefix: string,
  trees: readonly Tree[],
  numeric: NumericMode,
  add: string,
): string {
  const types = treeTypes(trees, numeric)
  const input = numeric === 'fixed' ? 'q' : 'x'
  const root = trees.length > 1 ? cRead(types.index, `${prefix}_roots`, 't') : `(${types.index})0`
  return [
    `  for (uint16_t t = 0; t < ${trees.length}u; t++) {`,
    `    ${types.value} leaf = ${prefix}_tree(${root}, ${input});`,
    `    ${add}`,
    '  }',
  ].join('\n')
}
