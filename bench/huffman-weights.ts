/**
 * The cost of running layers from Huffman-coded weights: `npm run bench huffman-weights`. Runs each layer
 * with plain int8 weights (the baseline) and with the same weights clustered to 16 values and Huffman-coded,
 * as the generated code runs them, counting instructions on the virtual Cortex-M4 (QEMU mps2-an386, -icount,
 * arm-none-eabi-gcc -O2, bench/m4/) and timing the same program on the host:
 * - a dense layer 640 → 128 (the MLPerf anomaly-detection model's first): every weight is decoded once per
 *   inference and used once, so decoding is the whole difference;
 * - KWS DS-CNN's 1×1 convolution 64 → 64 over 25×5 pixels: the filter is decoded once into scratch and the
 *   1×1 kernel sweeps the 125 pixels with it, as the generated code runs it in place;
 * - KWS's 3×3 depthwise convolution over 64 channels: the filter is decoded once into scratch.
 * Prints each layer's instructions plain → coded, the ratio, and the decode cost in instructions per weight
 * (the difference spread over the layer's weights), with the host's ratio beside it.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cArray } from '../src/core/codegen/c/c-text'
import { huffmanEncode } from '../src/core/compress/huffman/huffman'
import { createRng } from '../src/core/train/random'
import { runOnVirtualM4 } from './m4/run'

const RUNTIME = join(import.meta.dirname, '../resources/firmware/runtime')
const rng = createRng(7)

/** Weights clustered to 16 int8 values with a bell-shaped histogram, and their Huffman block. */
function clustered(name: string, count: number) {
  const codebook = Int8Array.from({ length: 16 }, (_, i) => -120 + i * 16)
  const indices = Uint8Array.from({ length: count }, () =>
    Math.max(0, Math.min(15, Math.round(7.5 + rng.normal() * 3))),
  )
  const weights = Int8Array.from(indices, (i) => codebook[i]!)
  const block = huffmanEncode(indices)
  const text = [
    cArray(`${name}_weights`, 'int8_t', weights, ''),
    cArray(`${name}_block`, 'uint8_t', block, ''),
    cArray(`${name}_codebook`, 'int8_t', codebook, ''),
    `static const mote_coded_weights_t ${name}_coded = {${name}_block, ${block.length}u, ${name}_codebook, 16};`,
  ].join('\n')
  return { text, bits: (block.length * 8) / count }
}

const dense = clustered('dense', 640 * 128)
const pointwise = clustered('pointwise', 64 * 64)
const depthwise = clustered('depthwise', 9 * 64)

/** The layers, each run once per call; timed on the host, counted in SysTick ticks on the virtual M4. */
const program = `
#include "mote_runtime.h"
#include "mote_kernels_gen_s8.h"
${dense.text}
${pointwise.text}
${depthwise.text}
static int8_t input[8000], output[8000], scratch[8000], table[MOTE_HUFFMAN_TABLE_BYTES];
static int32_t bias[128];
static const int32_t multiplier[1] = {1 << 30};
static const int8_t shift[1] = {-8};
static const mote_fully_connected_s8_params_t fc = {1, 640, 128, {0, 0, -128, 127, 0, multiplier, shift}};
static const mote_conv2d_s8_params_t pw = {{1, 25, 5, 64, 25, 5, 64, 1, 1, 1, 1, 1, 1, 0, 0}, {0, 0, -128, 127, 0, multiplier, shift}};
static const mote_depthwise_conv2d_s8_params_t dw = {{1, 25, 5, 64, 25, 5, 64, 3, 3, 1, 1, 1, 1, 1, 1}, 1, {0, 0, -128, 127, 0, multiplier, shift}};
static void fc_plain(void) { mote_fully_connected_folded_s8(&fc, input, dense_weights, bias, output); }
static void fc_coded(void) { mote_fully_connected_huffman_s8(&fc, input, &dense_coded, bias, output, table); }
static void pw_plain(void) { mote_conv2d_1x1_s8(&pw, input, pointwise_weights, bias, output, NULL, 0); }
static void pw_coded(void) { mote_conv2d_1x1_huffman_s8(&pw, input, &pointwise_coded, bias, output, scratch, 0); }
static void dw_plain(void) { mote_depthwise_conv2d_3x3_s8(&dw, input, depthwise_weights, bias, output, scratch, 0); }
static void dw_coded(void) { mote_depthwise_conv2d_huffman_s8(&dw, input, &depthwise_coded, bias, output, scratch, 0); }
static void (*const layers[6])(void) = {fc_plain, fc_coded, pw_plain, pw_coded, dw_plain, dw_coded};
#if defined(MOTE_BENCH_M4)
#include "bench.h"
int main(void) {
  int i;
  for (i = 0; i < 8000; i++) input[i] = (int8_t)(i * 37);
  bench_number(bench_calibrate(100000));
  for (i = 0; i < 6; i++) {
    uint32_t t0;
    bench_ticks_start();
    t0 = bench_ticks();
    layers[i]();
    bench_number((bench_ticks() - t0) & 0xFFFFFF);
  }
  return 0;
}
#else
#include <stdio.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
int main(void) {
  int i;
  for (i = 0; i < 8000; i++) input[i] = (int8_t)(i * 37);
  for (i = 0; i < 6; i++) {
    long n = 0;
    double start = now(), elapsed;
    do { layers[i](); n++; elapsed = now() - start; } while (elapsed < 0.3);
    printf("%g\\n", elapsed / n);
  }
  return 0;
}
#endif
`

const dir = mkdtempSync(join(tmpdir(), 'mote-bench-huffman-'))
writeFileSync(join(dir, 'bench.c'), program)
const int8Sources = ['common', 'int8'].flatMap((folder) =>
  readdirSync(join(RUNTIME, 'kernels', folder))
    .filter((f) => f.endsWith('.c') && f !== 'reshape.c')
    .map((f) => join(RUNTIME, 'kernels', folder, f)),
)
const include = `-I${join(RUNTIME, 'include')}`
const numbers = (text: string) => text.trim().split(/\s+/).map(Number)

execFileSync('gcc', [
  '-std=c99',
  '-O2',
  '-D_POSIX_C_SOURCE=199309L',
  '-DMOTE_SKIP_CHECKS',
  include,
  '-o',
  join(dir, 'bench'),
  join(dir, 'bench.c'),
  ...int8Sources,
])
const host = numbers(execFileSync(join(dir, 'bench'), { encoding: 'utf8' }))
const [calibration = 1, ...ticks] = numbers(
  runOnVirtualM4(
    dir,
    [join(dir, 'bench.c'), ...int8Sources],
    ['-std=c99', '-O2', '-DMOTE_SKIP_CHECKS', '-DMOTE_BENCH_M4', include],
  ),
)
const perTick = 200_000 / calibration
const m4 = ticks.map((t) => t * perTick)

const LAYERS = [
  ['dense 640 → 128 (AD layer 1)', 640 * 128, dense.bits],
  ['1×1 conv 64 → 64 over 25×5 (KWS pointwise)', 64 * 64, pointwise.bits],
  ['3×3 depthwise, 64 ch over 25×5 (KWS)', 9 * 64, depthwise.bits],
] as const

console.log(
  `Huffman-coded weights (16 values, ~${dense.bits.toFixed(2)} bits each) against plain int8, same layer:`,
)
console.log(`(virtual Cortex-M4: instructions from SysTick at ${perTick} instructions per tick, -O2)\n`)
LAYERS.forEach(([label, weights, bits], i) => {
  const [plainM4, codedM4] = [m4[2 * i]!, m4[2 * i + 1]!]
  const [plainHost, codedHost] = [host[2 * i]!, host[2 * i + 1]!]
  console.log(
    `${label.padEnd(44)} M4 ${plainM4.toFixed(0).padStart(9)} → ${codedM4.toFixed(0).padStart(9)} instructions` +
      ` ×${(codedM4 / plainM4).toFixed(2)}, decode ${((codedM4 - plainM4) / weights).toFixed(1)} per weight` +
      ` (${bits.toFixed(2)} bits) | host ×${(codedHost / plainHost).toFixed(2)}`,
  )
})
