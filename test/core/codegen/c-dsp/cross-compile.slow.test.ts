import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dspBlockCode, type DspNumeric } from '../../../../src/core/codegen/c/dsp-params'
import { runOnAvr } from './avr'
import { blockCases } from './block-cases'
import { compileHarness, dspSourceDir, dspSources, strictFlags } from './harness'

/**
 * The library and generated parameters build clean with the flags the firmware uses on each core family,
 * and the gestures demo's block runs on the simulated ATmega328P with the host's exact bytes.
 */

const cases = blockCases()
const dir = mkdtempSync(join(tmpdir(), 'mote-c-dsp-cross-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const targets: { name: string; compiler: string; flags: string[]; numeric: DspNumeric }[] = [
  { name: 'ATmega328P (fixed)', compiler: 'avr-gcc', flags: ['-mmcu=atmega328p', '-Os'], numeric: 'fixed' },
  {
    name: 'Cortex-M4F (float)',
    compiler: 'arm-none-eabi-gcc',
    flags: ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16', '-Os'],
    numeric: 'float',
  },
  {
    name: 'Cortex-M0+ (fixed)',
    compiler: 'arm-none-eabi-gcc',
    flags: ['-mcpu=cortex-m0plus', '-mthumb', '-Os'],
    numeric: 'fixed',
  },
]

describe('the C DSP blocks on the boards’ compilers', () => {
  it.each(targets)(
    'compile clean for the $name with -std=c99 -Wall -Wextra -Werror -pedantic',
    ({ compiler, flags, numeric }) => {
      const generated = join(dir, `params-${numeric}-${compiler}.c`)
      const codes = cases.map((c, i) =>
        dspBlockCode(c.config, c.input, { numeric, inputLsb: c.lsb }, `case${i}`),
      )
      writeFileSync(
        generated,
        ['#include "mote_dsp.h"', ...codes.map((c) => c.declaration), ...codes.map((c) => c.source)].join(
          '\n',
        ),
      )
      for (const source of [...dspSources(), generated]) {
        const define = numeric === 'fixed' ? '-DMOTE_DSP_FIXED' : '-DMOTE_DSP_FLOAT'
        const built = spawnSync(
          compiler,
          [...strictFlags, ...flags, define, `-I${dspSourceDir}`, '-c', source, '-o', join(dir, 'out.o')],
          {
            encoding: 'utf8',
          },
        )
        expect(built.stderr, source).toBe('')
        expect(built.status, source).toBe(0)
      }
    },
  )

  it('runs the gestures design on the simulated Uno with the host fixed build’s exact features, in 2 KB of SRAM', () => {
    const c = cases.find((x) => x.name === 'spectral, the gestures design')!
    const code = dspBlockCode(c.config, c.input, { numeric: 'fixed', inputLsb: c.lsb }, 'gestures')
    const host = compileHarness([code], 'fixed', { sanitize: false })
    try {
      for (const window of [c.windows[2]!, c.windows[c.windows.length - 1]!]) {
        const avr = runOnAvr(code, window)
        const expected = host.run(0, [window])[0]!
        expect(Array.from(avr.features, (v) => v / 65536)).toEqual(Array.from(expected))
        // the window (750 B), features (168 B) and work buffer: static RAM the whole pipeline must leave room beside
        expect(avr.dataBytes + avr.bssBytes).toBeLessThan(1500)
        console.log(
          `gestures spectral on the ATmega328P: ${avr.cycles} cycles, text ${avr.textBytes} B, data+bss ${avr.dataBytes + avr.bssBytes} B`,
        )
      }
    } finally {
      host.dispose()
    }
  })
})
