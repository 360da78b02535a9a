/**
 * Calibrates the estimator's cost model on the virtual boards and prints how good it is:
 * `npm run bench estimate` (writes src/core/boards/cost-coefficients.ts), or with `--check` (compares with
 * the stored file and exits 1 on a difference). docs/estimate.md "Calibration bench" explains the method.
 *
 * - ATmega328P: every calibration model (bench/estimate/models.ts) generated for the AVR, built with
 *   avr-gcc -Os, weights in PROGMEM, and run in simavr: cycles per op, exact. Feature blocks likewise
 *   (bench/estimate/dsp-cases.ts).
 * - Cortex-M4: the same models and three MLPerf Tiny models generated with the portable kernels, built with
 *   arm-none-eabi-gcc -O2 and run in QEMU mps2-an386 with -icount: instructions per op, turned into cycles
 *   by the cycles per instruction of each kernel's hot loop from the M4 TRM's timings (bench/estimate/cpi.ts).
 * - Per kernel class, perOp, perMac and perOutput are fitted by non-negative least squares on relative
 *   error (bench/estimate/fit.ts). Classes with no measured op keep their stored figures.
 * Then, per model: measured vs estimated (fitted on every model) and leave-one-model-out (fitted without it).
 */
import { execFileSync } from 'node:child_process'
import { format, resolveConfig } from 'prettier'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateModelCode } from '../src/core/codegen/c'
import { readTflite } from '../src/core/codegen/tflite/reader'
import { MEASURED_COSTS } from '../src/core/boards/cost-coefficients'
import { KERNEL_CLASSES, type DspCost, type KernelClass, type OpCost } from '../src/core/boards/cost-model'
import { modelWorkload } from '../src/core/boards/estimate-model'
import type { ModelGraph } from '../src/core/model/graph'
import { mlperfTinyBytes } from '../test/fixtures/mlperf-tiny'
import { cyclesPerInstruction } from './estimate/cpi'
import { avrDspTimings } from './estimate/dsp-cases'
import { fitNonNegative } from './estimate/fit'
import { calibrationModels } from './estimate/models'
import { runModelOnAvr, runModelOnM4, runtimeSources } from './estimate/run-model'

interface OpSample {
  readonly model: string
  readonly kernelClass: KernelClass
  readonly macs: number
  readonly outputs: number
  readonly pixels: number
  readonly patchValues: number
  readonly cycles: number
}

type OpTable = Record<KernelClass, OpCost>

const round = (x: number) => Number(x.toPrecision(4))

function samplesOf(name: string, graph: ModelGraph, counts: readonly number[]): OpSample[] {
  return modelWorkload(graph).ops.flatMap((op) =>
    op.kernelClass === 'alias'
      ? []
      : [
          {
            model: name,
            kernelClass: op.kernelClass,
            macs: op.macs,
            outputs: op.outputs,
            pixels: op.pixels,
            patchValues: op.patchValues,
            cycles: counts[op.op]!,
          },
        ],
  )
}

type Feature = 'macs' | 'outputs' | 'pixels' | 'patchValues'
const FIELD: Record<Feature, keyof Required<OpCost>> = {
  macs: 'perMac',
  outputs: 'perOutput',
  pixels: 'perPixel',
  patchValues: 'perPatchValue',
}

/**
 * One fit over every op: a per-op cost shared by all kernel classes (the call, the checks, the loop set-up
 * are alike) and, per class, a cost per MAC, per output, per output pixel and per gathered patch value —
 * the features that class's samples have. Sharing perOp keeps a class seen in two ops from putting all its
 * cost into a constant. Classes without samples keep their stored figures.
 */
function fitTable(samples: readonly OpSample[], stored: OpTable): OpTable {
  const measured = samples.filter((s) => s.cycles > 0)
  const columns: { kernelClass: KernelClass; feature: Feature }[] = []
  for (const k of KERNEL_CLASSES)
    for (const feature of ['macs', 'outputs', 'pixels', 'patchValues'] as const)
      if (measured.some((s) => s.kernelClass === k && s[feature] > 0))
        columns.push({ kernelClass: k, feature })
  const x = fitNonNegative(
    measured.map((s) => [1, ...columns.map((c) => (s.kernelClass === c.kernelClass ? s[c.feature] : 0))]),
    measured.map((s) => s.cycles),
  )
  const table = { ...stored }
  for (const k of new Set(measured.map((s) => s.kernelClass))) {
    const cost: { -readonly [K in keyof Required<OpCost>]: number } = {
      perOp: round(x[0]!),
      perMac: 0,
      perOutput: 0,
      perPixel: 0,
      perPatchValue: 0,
    }
    columns.forEach((c, i) => {
      if (c.kernelClass === k) cost[FIELD[c.feature]] = round(x[i + 1]!)
    })
    table[k] = cost
  }
  return table
}

const estimateOf = (table: OpTable, ops: readonly OpSample[]) =>
  ops.reduce((sum, o) => {
    const c = table[o.kernelClass]
    const extra = (c.perPixel ?? 0) * o.pixels + (c.perPatchValue ?? 0) * o.patchValues
    return sum + c.perOp + c.perMac * o.macs + c.perOutput * o.outputs + extra
  }, 0)

interface Row {
  readonly model: string
  readonly measured: number
  readonly fitted: number
  readonly heldOut: number
}

function evaluate(samples: readonly OpSample[], table: OpTable, stored: OpTable): Row[] {
  const models = [...new Set(samples.map((s) => s.model))]
  return models.map((model) => {
    const ops = samples.filter((s) => s.model === model)
    const others = fitTable(
      samples.filter((s) => s.model !== model),
      stored,
    )
    return {
      model,
      measured: ops.reduce((s, o) => s + o.cycles, 0),
      fitted: estimateOf(table, ops),
      heldOut: estimateOf(others, ops),
    }
  })
}

function printRows(title: string, rows: readonly Row[], clockHz: number): void {
  const pct = (e: number, m: number) => `${(((e - m) / m) * 100).toFixed(1).padStart(6)} %`
  console.log(`\n${title}`)
  console.log(
    `${'model'.padEnd(34)} ${'measured ms'.padStart(12)} ${'estimated'.padStart(10)} ${'error'.padStart(8)} ${'held out'.padStart(10)} ${'error'.padStart(8)}`,
  )
  for (const r of rows) {
    const ms = (c: number) => ((c / clockHz) * 1000).toFixed(2)
    console.log(
      `${r.model.padEnd(34)} ${ms(r.measured).padStart(12)} ${ms(r.fitted).padStart(10)} ${pct(r.fitted, r.measured)} ${ms(r.heldOut).padStart(10)} ${pct(r.heldOut, r.measured)}`,
    )
  }
}

function fitDsp(timings: ReturnType<typeof avrDspTimings>, stored: DspCost): DspCost {
  const keys = Object.keys(stored) as (keyof DspCost)[]
  const x = fitNonNegative(
    timings.map((t) => keys.map((k) => t.work[k])),
    timings.map((t) => t.cycles),
  )
  return Object.fromEntries(keys.map((k, i) => [k, round(x[i]!)])) as DspCost
}

function m4Cpi(): Map<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'mote-m4-cpi-'))
  const include = join(import.meta.dirname, '../resources/firmware/runtime/include')
  const common = join(import.meta.dirname, '../resources/firmware/runtime/kernels/common')
  execFileSync(
    'arm-none-eabi-gcc',
    ['-mcpu=cortex-m4', '-mthumb', '-O2', `-I${include}`, `-I${common}`, '-c', ...runtimeSources()],
    { cwd: dir },
  )
  const cpi = new Map<string, number>()
  for (const object of readdirSync(dir))
    for (const [k, v] of cyclesPerInstruction(join(dir, object))) cpi.set(k, v)
  return cpi
}

const MLPERF = [
  ['MLPerf KWS DS-CNN', 'kws_ref_model.tflite'],
  ['MLPerf AD autoencoder', 'ad01_int8.tflite'],
  ['MLPerf IC ResNet-8', 'pretrainedResnet_quant.tflite'],
] as const

async function main(): Promise<void> {
  const check = process.argv.includes('--check')
  const models = calibrationModels()

  const avrSamples = models.flatMap((m) => {
    const run = runModelOnAvr(generateModelCode({ graph: m.graph }, { target: 'avr' }), m.graph.ops.length)
    return samplesOf(m.name, m.graph, run.opCycles)
  })
  const avrInt8 = fitTable(avrSamples, MEASURED_COSTS.avr8.int8)
  const dspTimings = avrDspTimings()
  const avrDsp = fitDsp(dspTimings, MEASURED_COSTS.avr8.dsp.fixed)

  const cpi = m4Cpi()
  const meanCpi = [...cpi.values()].reduce((a, b) => a + b, 0) / cpi.size
  const m4Models = [
    ...models,
    ...MLPERF.map(([name, file]) => ({ name, graph: readTflite(mlperfTinyBytes(file)) })),
  ]
  const m4Samples = m4Models.flatMap((m) => {
    const code = generateModelCode({ graph: m.graph })
    const instructions = runModelOnM4(code, m.graph.ops.length)
    const cycles = instructions.map((n, op) => {
      const kernel = code.summary.ops.find((o) => o.op === op)?.kernel ?? ''
      return Math.round(n * (cpi.get(kernel) ?? meanCpi))
    })
    return samplesOf(m.name, m.graph, cycles)
  })
  const m4Int8 = fitTable(m4Samples, MEASURED_COSTS['cortex-m4'].int8)

  printRows(
    'ATmega328P @ 16 MHz (simavr, cycles exact): model latency',
    evaluate(avrSamples, avrInt8, MEASURED_COSTS.avr8.int8),
    16e6,
  )
  console.log('\nATmega328P feature blocks (fixed build)')
  for (const t of dspTimings) {
    const e = (Object.keys(avrDsp) as (keyof DspCost)[]).reduce((s, k) => s + avrDsp[k] * t.work[k], 0)
    console.log(
      `${t.name.padEnd(44)} ${(t.cycles / 16000).toFixed(2).padStart(8)} ms  est ${(e / 16000).toFixed(2).padStart(8)} ms  ${(((e - t.cycles) / t.cycles) * 100).toFixed(1).padStart(6)} %`,
    )
  }
  printRows(
    'Cortex-M4 @ 25 MHz (QEMU -icount × TRM cycles per instruction): model latency',
    evaluate(m4Samples, m4Int8, MEASURED_COSTS['cortex-m4'].int8),
    25e6,
  )
  const kws = m4Samples.filter((s) => s.model === MLPERF[0][0])
  const kwsCycles = kws.reduce((s, o) => s + o.cycles, 0)
  console.log(
    `\nKWS DS-CNN on a Cortex-M4 @ 120 MHz: measured-model ${((kwsCycles / 120e6) * 1000).toFixed(1)} ms, ` +
      `estimate ${((estimateOf(m4Int8, kws) / 120e6) * 1000).toFixed(1)} ms (portable kernels, no wait states); ` +
      'published: 181.9 ms TFLite Micro reference kernels, 75.1 ms X-CUBE-AI (NUCLEO-L4R5ZI, MLPerf Tiny v0.5/v1.0)',
  )

  const file = join(import.meta.dirname, '../src/core/boards/cost-coefficients.ts')
  // Formatted as the repository's Prettier would, so that the stored file passes its check unchanged.
  const text = await format(coefficientsFile(avrInt8, avrDsp, m4Int8), {
    ...(await resolveConfig(file)),
    filepath: file,
  })
  if (check) {
    const same = readFileSync(file, 'utf8') === text
    console.log(
      same ? '\nThe stored coefficients are reproduced.' : '\nThe stored coefficients DIFFER from this run.',
    )
    if (!same) process.exit(1)
  } else {
    writeFileSync(file, text)
    console.log(`\nWrote ${file}`)
  }
}

function coefficientsFile(avrInt8: OpTable, avrDsp: DspCost, m4Int8: OpTable): string {
  const avr = {
    ...MEASURED_COSTS.avr8,
    int8: avrInt8,
    dsp: { ...MEASURED_COSTS.avr8.dsp, fixed: avrDsp },
    basis: 'fitted to generated code in simavr (ATmega328P, avr-gcc -Os): bench/estimate.ts',
    calibrated: true,
  }
  const m4 = {
    ...MEASURED_COSTS['cortex-m4'],
    int8: m4Int8,
    basis:
      'fitted to generated code on QEMU mps2-an386 (-icount) with Cortex-M4 TRM cycles per instruction: bench/estimate.ts',
    calibrated: true,
  }
  const json = JSON.stringify({ avr8: avr, 'cortex-m4': m4 }, null, 2)
  return [
    '/*',
    ' * generated by `npm run bench estimate` (bench/estimate.ts) — do not edit by hand.',
    ' * Coefficients of the families measured on virtual boards; the others derive from these (cost-derived.ts).',
    ' * Figures not measured by the bench (float32 kernels, the float DSP build, the M4 DSP build) are',
    ' * carried over from the previous file; docs/estimate.md says where each came from.',
    ' */',
    "import type { MeasuredFamilies } from './cost-derived'",
    '',
    `export const MEASURED_COSTS: MeasuredFamilies = ${json}`,
    '',
  ].join('\n')
}

await main()
