/**
 * The DSP blocks in C against the TypeScript blocks: `npm run bench dsp-c` (or `node bin/run-ts.mjs
 * bench/dsp-c.ts`). For each workload it prints the time per window of the TypeScript block (in this
 * process, after warm-up), of the host-compiled C float and fixed builds (gcc -O2; the C times itself, so no
 * process start-up is counted), and their ratios; then the ATmega328P cycles per window of the fixed build
 * in simavr (cycle-exact, -Os) for the gestures demo's block, with its flash and RAM.
 */
import { dspBlockCode, type DspNumeric } from '../src/core/codegen/c/dsp-params'
import { featureBlock } from '../src/core/dsp'
import { blockCases, type BlockCase } from '../test/core/codegen/c-dsp/block-cases'
import { runOnAvr } from '../test/core/codegen/c-dsp/avr'
import { compileHarness } from '../test/core/codegen/c-dsp/harness'

const wanted = [
  ['spectral, the gestures design', 'gestures: spectral, 2 s × 3 axes at 62.5 Hz'],
  ['MFE, the keywords design', 'keywords: MFE 50 × 40, 1 s at 16 kHz'],
  ['MFCC 13 of 32, lifter 22', 'MFCC 99 × 13, 1 s at 16 kHz'],
  ['image, crop, RGB, 0…1', 'image 40 × 30 → 24 × 16 RGB'],
  ['raw, offsets and scales', 'raw, 125 × 3'],
] as const

function tsMs(c: BlockCase, window: readonly number[], repeats: number): number {
  const input =
    c.input.kind === 'image'
      ? { ...c.input, pixels: window }
      : { ...c.input, values: Float32Array.from(window, (v) => v * c.lsb) }
  const run = () => featureBlock(c.config.block).compute(c.config.params as never, input)
  for (let i = 0; i < 3; i++) run()
  const start = performance.now()
  for (let i = 0; i < repeats; i++) run()
  return (performance.now() - start) / repeats
}

const all = blockCases()
const cases = wanted.map(([name]) => all.find((c) => c.name === name)!)
const harnesses = Object.fromEntries(
  (['float', 'fixed'] as DspNumeric[]).map((numeric) => [
    numeric,
    compileHarness(
      cases.map((c, i) => dspBlockCode(c.config, c.input, { numeric, inputLsb: c.lsb }, `bench${i}`)),
      numeric,
      { sanitize: false, optimize: '-O2' },
    ),
  ]),
) as Record<DspNumeric, ReturnType<typeof compileHarness>>

console.log(
  `${'workload'.padEnd(46)} ${'TS ms'.padStart(9)} ${'C float'.padStart(9)} ${'C fixed'.padStart(9)}  TS/float  TS/fixed`,
)
cases.forEach((c, i) => {
  const window = c.windows[0]!
  const repeats = c.config.block === 'raw' || c.config.block === 'image' ? 200 : 20
  const ts = tsMs(c, window, repeats)
  const floatWindow = c.input.kind === 'image' ? window : window.map((v) => v * c.lsb)
  const cFloat = harnesses.float.timeRun(i, floatWindow, repeats * 5) / 1e6
  const cFixed = harnesses.fixed.timeRun(i, window, repeats * 5) / 1e6
  console.log(
    `${wanted[i]![1].padEnd(46)} ${ts.toFixed(3).padStart(9)} ${cFloat.toFixed(3).padStart(9)} ${cFixed.toFixed(3).padStart(9)}  ${(ts / cFloat).toFixed(1).padStart(7)}×  ${(ts / cFixed).toFixed(1).padStart(7)}×`,
  )
})
harnesses.float.dispose()
harnesses.fixed.dispose()

console.log('\nATmega328P (simavr, 16 MHz, avr-gcc -Os, fixed build, tables in PROGMEM)')
for (const name of ['spectral, the gestures design']) {
  const c = all.find((x) => x.name === name)!
  const code = dspBlockCode(c.config, c.input, { numeric: 'fixed', inputLsb: c.lsb }, 'avr')
  const avr = runOnAvr(code, c.windows[0]!)
  console.log(
    `${name.padEnd(34)} ${String(avr.cycles).padStart(9)} cycles = ${(avr.cycles / 16000).toFixed(1).padStart(6)} ms;` +
      ` work buffer ${code.workBytes} B, tables ${code.tableBytes} B; ELF text ${avr.textBytes} B, data+bss ${avr.dataBytes + avr.bssBytes} B`,
  )
}
