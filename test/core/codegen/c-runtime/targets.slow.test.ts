/**
 * The C runtime is portable C99: every source compiles without a warning under -std=c99 -Wall -Wextra
 * -Werror -pedantic with the host gcc, avr-gcc for the ATmega328P (weights in RAM or in PROGMEM) and
 * arm-none-eabi-gcc for the Cortex-M4 (soft and hard float) and the Cortex-M0+. The int8 kernels call no
 * floating-point helper and no allocator on any target, and the whole runtime has no .data or .bss: no
 * state, and no constant table that an AVR would copy to RAM.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ALLOCATOR, FLOAT_SYMBOL, RUNTIME_DIR, STRICT_C99, cSources, runtimeSources } from './harness'

interface Target {
  readonly name: string
  readonly prefix: string
  readonly flags: readonly string[]
}

const AVR = ['-mmcu=atmega328p', '-Os']
const M4 = ['-mcpu=cortex-m4', '-mthumb', '-Os']

const TARGETS: readonly Target[] = [
  { name: 'the host gcc', prefix: '', flags: ['-O2'] },
  { name: 'the host gcc with the checks compiled out', prefix: '', flags: ['-O2', '-DMOTE_SKIP_CHECKS'] },
  { name: 'avr-gcc for the ATmega328P', prefix: 'avr-', flags: AVR },
  { name: 'avr-gcc with weights in PROGMEM', prefix: 'avr-', flags: [...AVR, '-DMOTE_WEIGHTS_IN_PROGMEM'] },
  { name: 'arm-none-eabi-gcc for the Cortex-M4', prefix: 'arm-none-eabi-', flags: M4 },
  {
    name: 'arm-none-eabi-gcc for the Cortex-M4F (hard float)',
    prefix: 'arm-none-eabi-',
    flags: [...M4, '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16'],
  },
  {
    name: 'arm-none-eabi-gcc for the Cortex-M0+',
    prefix: 'arm-none-eabi-',
    flags: ['-mcpu=cortex-m0plus', '-mthumb', '-Os'],
  },
]

/** Compiles every runtime source to an object in a fresh folder; returns the folder. */
function compile(target: Target): string {
  const out = mkdtempSync(join(tmpdir(), 'mote-runtime-'))
  const args = [
    ...STRICT_C99,
    ...target.flags,
    `-I${join(RUNTIME_DIR, 'include')}`,
    '-c',
    ...runtimeSources(),
  ]
  execFileSync(`${target.prefix}gcc`, args, { cwd: out, stdio: 'pipe' })
  return out
}

const objects = (dir: string, sources: readonly string[]) =>
  sources.map((s) => join(dir, s.replace(/^.*\//, '').replace(/\.c$/, '.o')))

function undefinedSymbols(target: Target, files: readonly string[]): string[] {
  const text = execFileSync(`${target.prefix}nm`, ['-u', ...files], { encoding: 'utf8' })
  return [...new Set(text.split('\n').map((line) => line.trim().replace(/^U\s+/, '')))].filter(
    (name) => name !== '' && !name.endsWith(':'),
  )
}

/** text, data and bss summed over the objects (`size -t`). */
function sizes(target: Target, files: readonly string[]): { text: number; data: number; bss: number } {
  const lines = execFileSync(`${target.prefix}size`, ['-t', ...files], { encoding: 'utf8' })
    .trim()
    .split('\n')
  const [text = 0, data = 0, bss = 0] = lines.at(-1)!.trim().split(/\s+/).map(Number)
  return { text, data, bss }
}

describe.each(TARGETS)('the C runtime built with $name', (target) => {
  const dir = compile(target)
  const int8 = objects(dir, [
    ...cSources(join(RUNTIME_DIR, 'kernels', 'int8')),
    ...cSources(join(RUNTIME_DIR, 'kernels', 'common')),
  ])

  it('compiles every source without a warning', () => {
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.o'))
        .sort(),
    ).toEqual(
      objects(dir, runtimeSources())
        .map((f) => f.replace(/^.*\//, ''))
        .sort(),
    )
  })

  it('keeps the int8 kernels free of floating point and allocation', () => {
    const symbols = undefinedSymbols(target, int8)
    expect(symbols.filter((s) => FLOAT_SYMBOL.test(s) || ALLOCATOR.test(s))).toEqual([])
    // The same check does see floating point where there is some: in the float kernels.
    const float = objects(dir, cSources(join(RUNTIME_DIR, 'kernels', 'float')))
    expect(undefinedSymbols(target, float).filter((s) => FLOAT_SYMBOL.test(s))).not.toEqual([])
  })

  it('has no .data or .bss anywhere (no state, no constant copied to RAM)', () => {
    const all = sizes(target, objects(dir, runtimeSources()))
    expect({ data: all.data, bss: all.bss }).toEqual({ data: 0, bss: 0 })
    console.log(
      `${target.name}: int8 kernels ${sizes(target, int8).text} B of code, all kernels ${all.text} B`,
    )
  })
})
