/**
 * One generated model on a virtual Cortex-M (the M4 unless told), measured as the codegen bench prints it (bench/codegen.ts):
 * flash of the whole image, RAM with the measured stack, instructions, and whether the output bytes are the
 * TypeScript reference interpreter's.
 */
import { generateModelCode } from '../../src/core/codegen/c/generate'
import type { CodegenTarget } from '../../src/core/codegen/c/kernel-choice'
import { runInt8 } from '../../src/core/compress/reference/interpreter'
import type { ModelGraph } from '../../src/core/model/graph'
import { runOnCortexM, type CortexMRun } from './cortex-m-run'

export interface Measured {
  readonly run: CortexMRun
  /** text + rodata + data of the whole image. */
  readonly flash: number
  /** data + bss (which holds the arena) + the stack's high-water mark. */
  readonly ram: number
  readonly arena: number
  readonly matchesReference: boolean
}

/** The reference interpreter's output for an all-zero input. */
export function referenceOutput(graph: ModelGraph): Int8Array {
  const input = new Int8Array(graph.tensors[graph.inputs[0]!]!.shape.reduce((a, b) => a * b, 1))
  return runInt8(graph, input)[0]!
}

/** One inference on a QEMU Cortex-M machine: the M4 of mps2-an386 unless told (the M3 of mps2-an385). */
export function measureOnCortexM(
  graph: ModelGraph,
  target: CodegenTarget,
  name: string,
  machine: 'mps2-an386' | 'mps2-an385' = 'mps2-an386',
): Measured {
  const code = generateModelCode({ graph, project: 'bench', variant: name }, { target })
  const run = runOnCortexM(code, target, machine)
  const reference = referenceOutput(graph)
  const { text, rodata, data, bss } = run.sections
  return {
    run,
    flash: text + rodata + data,
    ram: data + bss + run.stackBytes,
    arena: code.summary.arenaBytes,
    matchesReference: run.status === 0 && run.output.every((b, i) => b === reference[i]),
  }
}

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`
export const mega = (n: number) => (n < 100_000 ? `${(n / 1e3).toFixed(1)} k` : `${(n / 1e6).toFixed(2)} M`)
export const ratio = (mine: number, theirs: number) => `${(mine / theirs).toFixed(2)}×`

/** One line of the table, columns padded to the header's widths. */
export function row(cells: readonly string[]): string {
  const widths = [22, 14, 16, 8, 16, 8, 10, 8, 12]
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ')
}
