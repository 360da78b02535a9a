/**
 * The compiler against TensorFlow Lite Micro: `npm run bench codegen` (or `node bin/run-ts.mjs
 * bench/codegen.ts [--only=KWS,AD] [--demos]`). Imports the four MLPerf Tiny models through the .tflite
 * reader, generates C for the Cortex-M4 DSP target and for the portable kernels (the baseline measured in
 * the same run), builds each for QEMU mps2-an386 and runs one inference under -icount shift=0. Checks the
 * output bytes against the TypeScript reference interpreter and TFLM's listed outputs, and prints flash
 * (text + rodata + data of the whole image), RAM (.data + .bss, which holds the arena, + the stack's measured
 * high-water mark) and instructions per inference, each as a ratio to TFLM + CMSIS-NN
 * (resources/models/mlperf-tiny/README.md). Then the goals on KWS, and, with --demos, the two demo
 * models. docs/codegen.md ("Benchmark") discusses the figures.
 */
import { generateModelCode } from '../src/core/codegen/c/generate'
import type { CodegenTarget } from '../src/core/codegen/c/kernel-choice'
import { readTflite } from '../src/core/codegen/tflite/reader'
import { runInt8 } from '../src/core/compress/reference/interpreter'
import type { ModelGraph } from '../src/core/model/graph'
import { mlperfTinyBytes } from '../test/fixtures/mlperf-tiny'
import { runOnCortexM, type CortexMRun } from './codegen/cortex-m-run'
import { KWS_GOALS, TFLM, type TflmFigures } from './codegen/tflm-figures'

const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',')

interface Measured {
  readonly run: CortexMRun
  readonly flash: number
  readonly ram: number
  readonly arena: number
  readonly matchesReference: boolean
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`
const mega = (n: number) => `${(n / 1e6).toFixed(2)} M`
const ratio = (mine: number, theirs: number) => `${(mine / theirs).toFixed(2)}×`

function measure(graph: ModelGraph, target: CodegenTarget, name: string): Measured {
  const code = generateModelCode({ graph, project: 'bench', variant: name }, { target })
  const run = runOnCortexM(code, target, 'mps2-an386')
  const input = new Int8Array(graph.tensors[graph.inputs[0]!]!.shape.reduce((a, b) => a * b, 1))
  const reference = runInt8(graph, input)[0]!
  const { text, rodata, data, bss } = run.sections
  return {
    run,
    flash: text + rodata + data,
    ram: data + bss + run.stackBytes,
    arena: code.summary.arenaBytes,
    matchesReference: run.status === 0 && run.output.every((b, i) => b === reference[i]),
  }
}

function row(cells: readonly string[]): string {
  const widths = [22, 14, 16, 8, 16, 8, 10, 8, 12]
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ')
}

function mlperf(figures: TflmFigures): Measured {
  const graph = readTflite(mlperfTinyBytes(figures.file))
  const portable = measure(graph, 'portable', figures.name)
  const dsp = measure(graph, 'cortex-m4-dsp', figures.name)
  const tflmOutput = figures.output.every((b, i) => b === dsp.run.output[i])
  for (const [label, m] of [
    ['portable', portable],
    ['cortex-m4-dsp', dsp],
  ] as const) {
    console.log(
      row([
        `${figures.name.split(' ')[0]} ${label}`,
        kb(m.flash),
        `${kb(m.ram)} (${m.arena})`,
        ratio(m.ram, figures.arena),
        mega(m.run.instructions),
        ratio(m.run.instructions, figures.instructions),
        ratio(m.flash, figures.flash),
        `${m.run.stackBytes}`,
        m.matchesReference && tflmOutput ? 'same bytes' : 'DIFFERENT',
      ]),
    )
  }
  return dsp
}

function goals(kws: Measured | undefined, all: ReadonlyMap<string, Measured>): void {
  console.log('\nGoals')
  if (kws) {
    const line = (what: string, value: number, goal: number, show: (n: number) => string) =>
      console.log(`  KWS ${what}: ${show(value)} (goal ≤ ${show(goal)}) ${value <= goal ? 'met' : 'NOT met'}`)
    line('flash', kws.flash, KWS_GOALS.flash, kb)
    line('RAM', kws.ram, KWS_GOALS.ram, kb)
    line('instructions', kws.run.instructions, KWS_GOALS.instructions, mega)
  }
  for (const figures of TFLM) {
    const m = all.get(figures.name)
    if (!m) continue
    const below = m.ram < figures.arena && m.run.instructions < figures.instructions
    console.log(`  ${figures.name}: RAM and instructions below TFLM + CMSIS-NN: ${below ? 'met' : 'NOT met'}`)
  }
}

function main(): void {
  console.log(
    'One inference on QEMU mps2-an386 (Cortex-M4, -icount shift=0), all-zero input, -O2 -DMOTE_SKIP_CHECKS.',
  )
  console.log('Ratios are to TFLM + CMSIS-NN on the same machine (resources/models/mlperf-tiny/README.md).\n')
  console.log(
    row([
      'model / kernels',
      'flash',
      'RAM (arena)',
      '×arena',
      'instructions',
      '×instr',
      '×flash',
      'stack',
      'output',
    ]),
  )
  const all = new Map<string, Measured>()
  for (const figures of TFLM) {
    if (only && !only.some((o) => figures.name.startsWith(o))) continue
    all.set(figures.name, mlperf(figures))
  }
  goals(all.get('KWS DS-CNN'), all)
}

main()
