/**
 * Reference interpreter benchmark: `node bin/run-ts.mjs bench/reference.ts`. Prints times and ratios against
 * baselines measured in the same process, so results compare across machines:
 * - MultiplyByQuantizedMultiplier with exact double-based 64-bit emulation vs a BigInt transcription;
 * - each MLPerf Tiny model through the int8 interpreter vs a bare int8 dot-product loop doing the same
 *   number of multiply-accumulates (the floor any int8 JS kernel sits on).
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { readTflite } from '../src/core/codegen/tflite/reader'
import { multiplyByQuantizedMultiplier } from '../src/core/compress/quantize/fixed-point'
import { graphStats } from '../src/core/compress/reference/graph-stats'
import { createInterpreter } from '../src/core/compress/reference/interpreter'
import { mbqmBig } from '../test/core/compress/quantize/fixed-point-reference'
import { MLPERF_TINY_DIR } from '../test/fixtures/mlperf-tiny'

function time(label: string, repeats: number, run: () => unknown): number {
  run() // warm up
  const start = performance.now()
  for (let i = 0; i < repeats; i++) run()
  const ms = (performance.now() - start) / repeats
  console.log(`${label.padEnd(60)} ${ms.toFixed(3).padStart(10)} ms`)
  return ms
}

function ratio(label: string, ours: number, baseline: number): void {
  console.log(`${label.padEnd(60)} ${(baseline / ours).toFixed(2).padStart(10)} ×\n`)
}

const N = 1_000_000
const xs = Int32Array.from({ length: N }, (_, i) => Math.imul(i, 2654435761) >> 8)
const ms = Int32Array.from({ length: N }, (_, i) => 1073741824 + ((i * 7919) % 1073741824))
const ss = Int32Array.from({ length: N }, (_, i) => -(i % 16))
let sink = 0
const fast = time('MBQM, 1M calls, double-based emulation', 3, () => {
  for (let i = 0; i < N; i++) sink ^= multiplyByQuantizedMultiplier(xs[i]!, ms[i]!, ss[i]!)
})
const big = time('baseline: MBQM, 1M calls, BigInt transcription', 1, () => {
  for (let i = 0; i < N; i++) sink ^= mbqmBig(xs[i]!, ms[i]!, ss[i]!)
})
ratio('speed-up of the emulation over BigInt', fast, big)

/** A bare int8 dot product doing `macs` multiply-accumulates over 64 KB of data. */
function dotBaseline(macs: number): () => number {
  const a = Int8Array.from({ length: 65536 }, (_, i) => (i * 31) & 0x7f)
  const b = Int8Array.from({ length: 65536 }, (_, i) => (i * 17) & 0x7f)
  return () => {
    let acc = 0
    for (let done = 0; done < macs; done += 65536) {
      const n = Math.min(65536, macs - done)
      for (let i = 0; i < n; i++) acc = (acc + a[i]! * (b[i]! + 1)) | 0
    }
    return acc
  }
}

const modelsDir = MLPERF_TINY_DIR
for (const file of [
  'kws_ref_model.tflite',
  'vww_96_int8.tflite',
  'pretrainedResnet_quant.tflite',
  'ad01_int8.tflite',
]) {
  const graph = readTflite(new Uint8Array(readFileSync(resolve(modelsDir, file))))
  const { macs } = graphStats(graph)
  const interpreter = createInterpreter(graph)
  const input = new Int8Array(graph.tensors[graph.inputs[0]!]!.shape.reduce((a, b) => a * b, 1))
  const ours = time(`${file}: int8 interpreter (${(macs / 1e6).toFixed(2)} M MACs)`, 5, () =>
    interpreter.run([input]),
  )
  const baseline = time('baseline: bare int8 dot product, same MAC count', 5, dotBaseline(macs))
  ratio('interpreter speed relative to the bare loop', ours, baseline)
}
if (sink === 42) console.log('')
