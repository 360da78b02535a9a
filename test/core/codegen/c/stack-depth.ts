/**
 * The worst-case stack of a call, from GCC's call-graph files (-fcallgraph-info=su: every function's own
 * frame and the calls it makes): the largest sum of frames along any call chain from `root`. A function
 * whose frame GCC marks dynamic, or a call through a pointer, would make the figure a guess, so both fail.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

interface CallGraph {
  readonly frames: Map<string, number>
  readonly calls: Map<string, string[]>
}

function readCallGraph(dir: string): CallGraph {
  const frames = new Map<string, number>()
  const calls = new Map<string, string[]>()
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ci'))) {
    const text = readFileSync(join(dir, file), 'utf8')
    for (const [, title, bytes, kind] of text.matchAll(
      /node: \{ title: "([^"]+)" label: "[^"]*\\n(\d+) bytes \((\w+)/g,
    )) {
      if (kind !== 'static') throw new Error(`${title} has a ${kind} stack frame.`)
      frames.set(title!, Number(bytes))
    }
    for (const [, from, to] of text.matchAll(/edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"/g)) {
      if (to === '__indirect_call') throw new Error(`${from} calls through a pointer.`)
      calls.set(from!, [...(calls.get(from!) ?? []), to!])
    }
  }
  return { frames, calls }
}

/** The deepest stack from `root` through the functions compiled into `dir` (others must be in `leaves`). */
export function deepestStack(
  dir: string,
  root: string,
  leaves: ReadonlyMap<string, number> = new Map(),
): number {
  const graph = readCallGraph(dir)
  const memo = new Map<string, number>()
  const depth = (name: string, path: readonly string[]): number => {
    const known = memo.get(name)
    if (known !== undefined) return known
    if (path.includes(name)) throw new Error(`Recursion through ${name}.`)
    const own = graph.frames.get(name) ?? leaves.get(name)
    if (own === undefined) throw new Error(`No stack figure for ${name}, called from ${path.at(-1)}.`)
    const deepest = Math.max(
      0,
      ...(graph.calls.get(name) ?? []).map((callee) => depth(callee, [...path, name])),
    )
    memo.set(name, own + deepest)
    return own + deepest
  }
  return depth(root, [])
}
