import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  anomalyWindows,
  learnOnDevice,
  onDeviceInput,
  onDeviceScore,
  rocAuc,
  rowOf,
  type AnomalyWindows,
} from '../../../src/core/anomaly'
import { cArray } from '../../../src/core/classical/c-emit'
import { vibrationDesign, vibrationSamples } from '../../../src/main/services/demo/vibration-demo'
import { cycleRunner } from '../codegen/c-dsp/avr'

/**
 * The on-device learning mode's C (resources/firmware/anomaly) on an ATmega328P in simavr: the board learns
 * "normal" from 64 windows of the vibration demo's features, saves the model to EEPROM, reads it back and
 * scores 48 test windows; every score must equal the TypeScript model's (src/core/anomaly/on-device.ts).
 */
const LEARN = 64
const TEST = 48
const FIRMWARE = join(import.meta.dirname, '../../../resources/firmware/anomaly')

let windows: AnomalyWindows
let learn: Int16Array[]
let test: Int16Array[]
let testAnomalous: boolean[]
const dir = mkdtempSync(join(tmpdir(), 'mote-anomaly-avr-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

beforeAll(async () => {
  const samples = vibrationSamples(new Date(0))
  const byId = new Map(samples.map((s) => [s.meta.id, s.values]))
  windows = await anomalyWindows(vibrationDesign(samples), {
    samples: samples.map((s) => s.meta),
    load: async (id) => byId.get(id)!,
  })
  const pick = (rows: number, count: number) =>
    Array.from({ length: count }, (_, i) => Math.floor((i * rows) / count))
  learn = pick(windows.fit.rows, LEARN).map((r) => onDeviceInput(rowOf(windows.fit, r)))
  const normal = windows.testAnomalous.flatMap((a, r) => (a ? [] : [r]))
  const faulty = windows.testAnomalous.flatMap((a, r) => (a ? [r] : []))
  const chosen = [
    ...pick(normal.length, TEST / 2).map((i) => normal[i]!),
    ...pick(faulty.length, TEST / 2).map((i) => faulty[i]!),
  ]
  test = chosen.map((r) => onDeviceInput(rowOf(windows.test, r)))
  testAnomalous = chosen.map((r) => windows.testAnomalous[r]!)
}, 60_000)

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}):\n${result.stderr}`)
  return result.stdout
}

function mainSource(features: number): string {
  const rows = (name: string, data: Int16Array[]) =>
    cArray(name, 'int16_t', Int16Array.from(data.flatMap((q) => Array.from(q)))).replace(
      'MOTE_CONST_DATA',
      'PROGMEM',
    )
  return `#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/pgmspace.h>
#include <avr/sleep.h>
#include "mote_anomaly_learn.h"
${rows('learn_rows', learn)}
${rows('test_rows', test)}
static mote_al_state state;
static mote_al_model model;
uint32_t mote_out[${TEST + 1}];
int main(void) {
  int16_t q[${features}];
  mote_al_reset(&state);
  for (uint16_t r = 0; r < ${LEARN}u; r++) {
    memcpy_P(q, &learn_rows[r * ${features}u], sizeof q);
    if (r == 0) GPIOR0 = 1;
    mote_al_learn(&state, q);
    if (r == 0) GPIOR0 = 2;
  }
  mote_al_finish(&state, &model);
  mote_al_save(&model);
  memset(&model, 0, sizeof model);
  mote_out[0] = (uint32_t)mote_al_load(&model);
  for (uint16_t r = 0; r < ${TEST}u; r++) {
    memcpy_P(q, &test_rows[r * ${features}u], sizeof q);
    if (r == 0) GPIOR0 = 1;
    mote_out[r + 1u] = mote_al_score(&model, q);
    if (r == 0) GPIOR0 = 2;
  }
  cli();
  sleep_enable();
  sleep_cpu();
  return 0;
}
`
}

describe('on-device learning on the ATmega328P (simavr)', () => {
  it('learns 64 windows, keeps the model in EEPROM and scores 48 windows exactly as the TypeScript model', () => {
    const features = windows.fit.cols
    writeFileSync(join(dir, 'main.c'), mainSource(features))
    const elf = join(dir, 'learn.elf')
    const flags = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-mmcu=atmega328p', '-Os']
    run('avr-gcc', [
      ...flags,
      `-DMOTE_AL_FEATURES=${features}`,
      `-I${FIRMWARE}`,
      '-include',
      'string.h',
      '-o',
      elf,
      join(dir, 'main.c'),
      join(FIRMWARE, 'mote_anomaly_learn.c'),
      join(FIRMWARE, 'mote_anomaly_eeprom_avr.c'),
    ])
    const [, data, bss] = run('avr-size', [elf]).trim().split('\n')[1]!.trim().split(/\s+/).map(Number)
    const out = run('avr-nm', [elf])
      .split('\n')
      .find((l) => l.endsWith(' mote_out'))!
    const lines = run(cycleRunner(), [elf, String(parseInt(out, 16) & 0xffff), String(4 * (TEST + 1))])
      .trim()
      .split('\n')
    const [learnCycles, scoreCycles] = lines
      .filter((l) => l.startsWith('cycles='))
      .map((l) => Number(l.slice(7)))
    const words = new Uint32Array(new Uint8Array(Buffer.from(lines[lines.length - 1]!, 'hex')).buffer)
    expect(words[0]).toBe(0)
    const model = learnOnDevice(learn)
    const expected = test.map((q) => onDeviceScore(model, q))
    expect(Array.from(words.subarray(1))).toEqual(expected)
    const auc = rocAuc(expected, testAnomalous)
    console.log(
      `on-device learning: ${features} features, static RAM ${data! + bss!} B, learn ${learnCycles} cycles/window, score ${scoreCycles} cycles/window (${((scoreCycles! / 16e6) * 1000).toFixed(2)} ms at 16 MHz), AUC on the ${TEST} test windows ${auc.toFixed(3)}`,
    )
    expect(data! + bss!).toBeLessThan(2048)
    // A diagonal Gaussian of one machine state per feature, from 64 windows: weaker than the host learners.
    expect(auc).toBeGreaterThan(0.8)
  }, 120_000)
})
