/**
 * The cost of running layers from Huffman-coded weights: `node bin/run-ts.mjs bench/huffman-weights.ts`.
 * Builds a host program (gcc -O2 -DMOTE_SKIP_CHECKS) on the C runtime and times, in the same run, each
 * layer with plain int8 weights (the baseline) and with the same weights clustered to 16 values and
 * Huffman-coded, as the generated code runs them:
 * - a dense layer 640 → 128 (the MLPerf anomaly-detection model's first): every weight is decoded once per
 *   inference and used once, so decoding is the whole difference;
 * - KWS DS-CNN's 1×1 convolution 64 → 64 over 25×5 pixels: the filter is decoded once into scratch and the
 *   1×1 kernel sweeps the 125 pixels with it, as the generated code runs it in place;
 * - KWS's 3×3 depthwise convolution over 64 channels: the filter is decoded once into scratch.
 * Prints the time per inference of each, the ratio, and the decode cost per weight (the difference spread
 * over the layer's weights). Host times: the ratios, not the nanoseconds, carry over to a microcontroller;
 * bench/codegen measures instructions on the virtual Cortex-M4.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cArray } from '../src/core/codegen/c/c-text'
import { huffmanEncode } from '../src/core/compress/huffman/huffman'
import { createRng } from '../src/core/train/random'

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

const program = `#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>
#include "mote_runtime.h"
#include "mote_kernels_gen_s8.h"
${dense.text}
${pointwise.text}
${depthwise.text}
static int8_t input[8000], output[8000], scratch[8000];
static int32_t bias[128];
static const int32_t multiplier[1] = {1 << 30};
static const int8_t shift[1] = {-8};
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
/* Seconds per call of f, repeated for at least 0.3 s. */
static double timed(void (*f)(void)) {
  long n = 0; double start = now(), elapsed;
  do { f(); n++; elapsed = now() - start; } while (elapsed < 0.3);
  return elapsed / n;
}
static const mote_fully_connected_s8_params_t fc = {1, 640, 128, {0, 0, -128, 127, 0, multiplier, shift}};
static const mote_conv2d_s8_params_t pw = {{1, 25, 5, 64, 25, 5, 64, 1, 1, 1, 1, 1, 1, 0, 0}, {0, 0, -128, 127, 0, multiplier, shift}};
static const mote_depthwise_conv2d_s8_params_t dw = {{1, 25, 5, 64, 25, 5, 64, 3, 3, 1, 1, 1, 1, 1, 1}, 1, {0, 0, -128, 127, 0, multiplier, shift}};
static void fc_plain(void) { mote_fully_connected_folded_s8(&fc, input, dense_weights, bias, output); }
static int8_t table[MOTE_HUFFMAN_TABLE_BYTES];
static void fc_coded(void) { mote_fully_connected_huffman_s8(&fc, input, &dense_coded, bias, output, table); }
static void pw_plain(void) { mote_conv2d_1x1_s8(&pw, input, pointwise_weights, bias, output, NULL, 0); }
static void pw_coded(void) { mote_conv2d_1x1_huffman_s8(&pw, input, &pointwise_coded, bias, output, scratch, 0); }
static void dw_plain(void) { mote_depthwise_conv2d_3x3_s8(&dw, input, depthwise_weights, bias, output, scratch, 0); }
static void dw_coded(void) { mote_depthwise_conv2d_huffman_s8(&dw, input, &depthwise_coded, bias, output, scratch, 0); }
int main(void) {
  int i;
  for (i = 0; i < 8000; i++) input[i] = (int8_t)(i * 37);
  printf("%g %g %g %g %g %g\\n", timed(fc_plain), timed(fc_coded), timed(pw_plain), timed(pw_coded), timed(dw_plain), timed(dw_coded));
  return 0;
}
`

const dir = mkdtempSync(join(tmpdir(), 'mote-bench-huffman-'))
writeFileSync(join(dir, 'bench.c'), program)
const sources = readdirSync(join(RUNTIME, 'kernels'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.c'))
  .map((f) => join(RUNTIME, 'kernels', f))
execFileSync('gcc', [
  '-std=c99',
  '-O2',
  '-DMOTE_SKIP_CHECKS',
  `-I${join(RUNTIME, 'include')}`,
  '-o',
  join(dir, 'bench'),
  join(dir, 'bench.c'),
  ...sources,
  '-lm',
])
const [fcPlain, fcCoded, pwPlain, pwCoded, dwPlain, dwCoded] = execFileSync(join(dir, 'bench'), {
  encoding: 'utf8',
})
  .trim()
  .split(' ')
  .map(Number) as [number, number, number, number, number, number]

function row(label: string, plain: number, coded: number, weights: number, bits: number) {
  const perWeight = ((coded - plain) / weights) * 1e9
  console.log(
    `${label.padEnd(46)} plain ${(plain * 1e6).toFixed(1).padStart(8)} µs  coded ${(coded * 1e6).toFixed(1).padStart(8)} µs` +
      `  ×${(coded / plain).toFixed(2)}  decode ${perWeight.toFixed(2)} ns/weight (${bits.toFixed(2)} bits/weight)`,
  )
}
row('dense 640 → 128 (AD layer 1)', fcPlain, fcCoded, 640 * 128, dense.bits)
row('1×1 conv 64 → 64 over 25×5 (KWS pointwise)', pwPlain, pwCoded, 64 * 64, pointwise.bits)
row('3×3 depthwise, 64 channels over 25×5 (KWS)', dwPlain, dwCoded, 9 * 64, depthwise.bits)
