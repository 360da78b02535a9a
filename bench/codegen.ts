/**
 * The compiler against TensorFlow Lite Micro: `npm run bench codegen` (or `node bin/run-ts.mjs
 * bench/codegen.ts [--only=KWS,AD,gestures]`). Imports the four MLPerf Tiny models through the .tflite reader,
 * generates C for the Cortex-M4 DSP target and for the portable kernels (the baseline measured in the same
 * run), builds each for QEMU mps2-an386 and runs one inference under -icount shift=0. Checks the output bytes
 * against the TypeScript reference interpreter and TFLM's listed outputs, and prints flash (text + rodata +
 * data of the whole image), RAM (.data + .bss, which holds the arena, + the stack's measured high-water mark)
 * and instructions per inference, each as a ratio to TFLM + CMSIS-NN (resources/models/mlperf-tiny/README.md).
 * Then the two demo models the same way; KWS and the demos on the virtual Cortex-M3 (portable against the
 * cortex-m3 kernels); the demos that fit the virtual Uno on it (simavr, cycle-exact); then the goals. docs/codegen.md ("Benchmark") discusses the figures.
 */
import { checkModelFits } from '../src/core/codegen/c/board-fit'
import { generateModelCode } from '../src/core/codegen/c/generate'
import { readTflite } from '../src/core/codegen/tflite/reader'
import { VIRTUAL_BOARD_IDS, VIRTUAL_BOARDS } from '../src/core/boards/catalog-virtual'
import type { ModelGraph } from '../src/core/model/graph'
import { demoGraphs } from '../test/core/codegen/c/demo-graphs'
import { mlperfTinyBytes } from '../test/fixtures/mlperf-tiny'
import { kb, measureOnCortexM, mega, ratio, referenceOutput, row, type Measured } from './codegen/measure'
import { KWS_GOALS, TFLM, type TflmFigures } from './codegen/tflm-figures'
import { runOnVirtualUno } from './codegen/uno-run'

const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',')
const wanted = (name: string) => !only || only.some((o) => name.startsWith(o))

const TARGETS = ['portable', 'cortex-m4-dsp'] as const

/** Portable and DSP rows of one model; ratios to TFLM when it has figures. */
function modelRows(name: string, graph: ModelGraph, tflm?: TflmFigures): Measured {
  const measured = TARGETS.map((target) => measureOnCortexM(graph, target, name))
  const tflmOutput = !tflm || tflm.output.every((b, i) => b === measured[1]!.run.output[i])
  measured.forEach((m, i) => {
    const vs = (mine: number, theirs: number | undefined) => (theirs ? ratio(mine, theirs) : '—')
    console.log(
      row([
        `${name.split(' ')[0]} ${TARGETS[i]}`,
        kb(m.flash),
        `${kb(m.ram)} (${m.arena})`,
        vs(m.ram, tflm?.arena),
        mega(m.run.instructions),
        vs(m.run.instructions, tflm?.instructions),
        vs(m.flash, tflm?.flash),
        `${m.run.stackBytes}`,
        m.matchesReference && tflmOutput ? 'same bytes' : 'DIFFERENT',
      ]),
    )
  })
  return measured[1]!
}

/** Instructions on the Cortex-M3 (QEMU mps2-an385): the portable kernels against the cortex-m3 ones. */
function m3Rows(models: readonly { name: string; graph: ModelGraph }[]): void {
  console.log('\nVirtual Cortex-M3 (QEMU mps2-an385, -icount shift=0): instructions per inference')
  for (const { name, graph } of models) {
    const portable = measureOnCortexM(graph, 'portable', name, 'mps2-an385')
    const blocked = measureOnCortexM(graph, 'cortex-m3', name, 'mps2-an385')
    const same = portable.matchesReference && blocked.matchesReference
    console.log(
      `  ${name.split(' ')[0]}: portable ${mega(portable.run.instructions)}, cortex-m3 ` +
        `${mega(blocked.run.instructions)} (${ratio(blocked.run.instructions, portable.run.instructions)}), ` +
        (same ? 'same bytes' : 'DIFFERENT'),
    )
  }
}

/** The demo models on the virtual Uno: cycles of one inference, or why the model does not fit. */
async function unoRows(demos: readonly { name: string; graph: ModelGraph }[]): Promise<void> {
  const uno = VIRTUAL_BOARDS.find((b) => b.id === VIRTUAL_BOARD_IDS.uno)!
  console.log('\nVirtual Uno (ATmega328P at 16 MHz, simavr, avr-gcc -Os, weights in PROGMEM)')
  for (const { name, graph } of demos) {
    const code = generateModelCode({ graph, project: 'bench', variant: name }, { target: 'avr' })
    try {
      checkModelFits(code.summary, uno)
    } catch (error) {
      console.log(`  ${name}: does not fit — ${(error as Error).message}`)
      continue
    }
    const run = await runOnVirtualUno(code, referenceOutput(graph))
    console.log(
      `  ${name}: ${run.cycles.toLocaleString('en')} cycles (${(run.cycles / 16_000).toFixed(2)} ms), flash ` +
        `${kb(run.flash)}, static RAM ${run.staticRam} B (arena ${code.summary.arenaBytes}), ` +
        `${run.matchesReference ? 'same bytes' : 'DIFFERENT'}`,
    )
  }
}

function goals(all: ReadonlyMap<string, Measured>): void {
  console.log('\nGoals')
  const kws = all.get('KWS DS-CNN')
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

async function main(): Promise<void> {
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
  const models = TFLM.filter((f) => wanted(f.name)).map((f) => ({
    name: f.name,
    graph: readTflite(mlperfTinyBytes(f.file)),
  }))
  for (const { name, graph } of models)
    all.set(
      name,
      modelRows(
        name,
        graph,
        TFLM.find((f) => f.name === name),
      ),
    )
  const demos = demoGraphs()
    .filter((d) => wanted(d.name))
    .map((d) => ({ name: d.name, graph: d.int8 }))
  for (const demo of demos) modelRows(demo.name, demo.graph)
  m3Rows([...models.filter((m) => m.name.startsWith('KWS')), ...demos])
  if (demos.length > 0) await unoRows(demos)
  goals(all)
}

await main()
