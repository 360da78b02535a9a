/**
 * The walk every Bonsai evaluator makes (float, fixed, C): from the root, `visit` each node on the path
 * (depth + 1 nodes), and at an internal node go to 2k+1 when `goesLeft(k)`, else to 2k+2. Node indices only
 * grow along the walk, so the compressed matrices' cursors only move forward.
 */
export function walkPath(
  depth: number,
  visit: (node: number) => void,
  goesLeft: (node: number) => boolean,
): void {
  let node = 0
  for (let level = 0; level <= depth; level++) {
    visit(node)
    if (level < depth) node = goesLeft(node) ? 2 * node + 1 : 2 * node + 2
  }
}
