import { z } from 'zod'
import type { CType } from '../c-emit'
import { bytesOf, cArray, cRead, indexType } from '../c-emit'
import type { NumericMode } from '../learner'

/**
 * A binary decision tree in preorder, the form the generated C keeps as data: node i's left child is i+1,
 * its right child `right[i]`. An internal node sends x left when `x[feature] <= threshold` (float mode) or
 * `q[feature] <= thresholdQ` (fixed mode, q the quantised features). A leaf has feature −1 and holds its
 * value in `threshold` (float) and `thresholdQ` (fixed): a class index for classification trees, a leaf
 * score for boosted trees.
 */
export interface Tree {
  readonly feature: readonly number[]
  readonly threshold: readonly number[]
  readonly thresholdQ: readonly number[]
  readonly right: readonly number[]
}

export const treeSchema = z
  .object({
    feature: z.array(z.number().int().min(-1)),
    threshold: z.array(z.number()),
    thresholdQ: z.array(z.number().int()),
    right: z.array(z.number().int().min(0)),
  })
  .refine((t) => isWellFormed(t), 'a tree whose arrays differ in length or whose children point backwards')

function isWellFormed(t: Tree): boolean {
  const n = t.feature.length
  if (n === 0 || t.threshold.length !== n || t.thresholdQ.length !== n || t.right.length !== n) return false
  for (let i = 0; i < n; i++) {
    if (t.feature[i]! >= 0 && (i + 1 >= n || t.right[i]! <= i + 1 || t.right[i]! >= n)) return false
  }
  return true
}

/** The leaf a row reaches: its value in the given numeric mode (`q` is the quantised row in fixed mode). */
export function treeLeaf(tree: Tree, row: ArrayLike<number>, numeric: NumericMode): number {
  const thresholds = numeric === 'float' ? tree.threshold : tree.thresholdQ
  let i = 0
  while (tree.feature[i]! >= 0) i = row[tree.feature[i]!]! <= thresholds[i]! ? i + 1 : tree.right[i]!
  return thresholds[i]!
}

/** The largest feature index a set of trees reads (−1 when all are leaves). */
export function maxFeature(trees: readonly Tree[]): number {
  return Math.max(-1, ...trees.flatMap((t) => t.feature))
}

export function nodeCount(trees: readonly Tree[]): number {
  return trees.reduce((sum, t) => sum + t.feature.length, 0)
}

/** The C element types of the node arrays of these trees (shared by `treeArrays` and the size accounting). */
export function treeTypes(
  trees: readonly Tree[],
  numeric: NumericMode,
): { feature: CType; value: CType; index: CType } {
  return {
    feature: maxFeature(trees) < 127 ? 'int8_t' : 'int16_t',
    value: numeric === 'float' ? 'float' : 'int16_t',
    index: indexType(nodeCount(trees)),
  }
}

/** Flash bytes of the node arrays (and of the roots table when there is more than one tree). */
export function treeBytes(trees: readonly Tree[], numeric: NumericMode): number {
  const types = treeTypes(trees, numeric)
  const n = nodeCount(trees)
  const roots = trees.length > 1 ? bytesOf(types.index, trees.length) : 0
  return bytesOf(types.feature, n) + bytesOf(types.value, n) + bytesOf(types.index, n) + roots
}

/**
 * The node arrays of all trees, concatenated (right indices made absolute), a roots table, and
 * `static <value> <prefix>_tree(<index> node, const <in> *x)` that walks one tree from `node` and returns
 * its leaf's value. `inType` is `float` in float mode, the quantised type in fixed mode.
 */
export function treeArrays(
  prefix: string,
  trees: readonly Tree[],
  numeric: NumericMode,
  inType: CType,
): string {
  const types = treeTypes(trees, numeric)
  const feature: number[] = []
  const value: number[] = []
  const right: number[] = []
  const roots: number[] = []
  for (const t of trees) {
    const base = feature.length
    roots.push(base)
    feature.push(...t.feature)
    value.push(...(numeric === 'float' ? t.threshold : t.thresholdQ))
    right.push(...t.right.map((r, i) => (t.feature[i]! >= 0 ? base + r : 0)))
  }
  const read = (type: CType, name: string) => cRead(type, `${prefix}_${name}`, 'node')
  return [
    cArray(`${prefix}_feature`, types.feature, feature),
    cArray(`${prefix}_value`, types.value, value),
    cArray(`${prefix}_right`, types.index, right),
    trees.length > 1 ? cArray(`${prefix}_roots`, types.index, roots) : '',
    `static ${types.value} ${prefix}_tree(${types.index} node, const ${inType} *x) {`,
    `  ${types.feature} f;`,
    `  while ((f = ${read(types.feature, 'feature')}) >= 0) {`,
    `    node = x[f] <= ${read(types.value, 'value')} ? (${types.index})(node + 1u) : ${read(types.index, 'right')};`,
    '  }',
    `  return ${read(types.value, 'value')};`,
    '}',
    '',
  ].join('\n')
}

/** A stand-in tree with the node count and widest feature of a real one of `leaves` leaves, for sizing. */
export function sizedTree(leaves: number, cols: number): Tree {
  const n = 2 * leaves - 1
  const feature = Array.from({ length: n }, () => cols - 1)
  return { feature, threshold: feature, thresholdQ: feature, right: feature }
}
