/**
 * Builds generated model code for the ATmega328P (weights in PROGMEM, the avr target's runtime kernels) with
 * uno_main.c and runs it on the virtual Uno (simavr through the studio's harness, optiboot, no pacing): the
 * harness reports the exact simulated cycles between the firmware's markers around mote_model_invoke(), and
 * the LED tells whether the output equalled the reference's bytes. Section sizes come from the ELF.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { GeneratedModelCode } from '../../src/core/codegen/c/generate'
import { parseHarnessEvent, type HarnessEvent } from '../../src/main/services/virtual-boards/harness-events'
import { RUNTIME_DIR } from '../../test/core/codegen/c-runtime/harness'
import { int8RuntimeSources } from '../../test/core/codegen/c-optimized/variant-build'
import { testToolchain } from '../../test/main/services/virtual-boards/fixtures'

const HERE = fileURLToPath(new URL('.', import.meta.url))

export interface UnoRun {
  readonly cycles: number
  readonly matchesReference: boolean
  /** .text + .data: code, constants and the initial values of data. */
  readonly flash: number
  /** .data + .bss (the arena is in .bss); the stack comes on top. */
  readonly staticRam: number
}

/** The reference output as a PROGMEM array for uno_main.c. */
function expectedHeader(expected: Int8Array): string {
  return [
    '#include <avr/pgmspace.h>',
    '#include <stdint.h>',
    `static const int8_t mote_bench_expected[${expected.length}] PROGMEM = {${expected.join(', ')}};`,
    '',
  ].join('\n')
}

function build(dir: string, code: GeneratedModelCode, expected: Int8Array): string {
  writeFileSync(join(dir, code.header.name), code.header.text)
  writeFileSync(join(dir, code.source.name), code.source.text)
  writeFileSync(join(dir, 'expected.h'), expectedHeader(expected))
  const elf = join(dir, 'model.elf')
  execFileSync(
    'avr-gcc',
    [
      '-mmcu=atmega328p',
      '-DF_CPU=16000000UL',
      '-std=c99',
      '-Os',
      '-DMOTE_WEIGHTS_IN_PROGMEM',
      '-DMOTE_SKIP_CHECKS',
      '-ffunction-sections',
      '-fdata-sections',
      '-Wl,--gc-sections',
      `-I${join(RUNTIME_DIR, 'include')}`,
      `-I${dir}`,
      '-o',
      elf,
      ...int8RuntimeSources('avr'),
      join(dir, code.source.name),
      join(HERE, 'uno_main.c'),
    ],
    { stdio: 'pipe' },
  )
  execFileSync('avr-objcopy', ['-O', 'ihex', '-R', '.eeprom', elf, join(dir, 'model.hex')])
  return elf
}

function sectionSizes(elf: string): { flash: number; staticRam: number } {
  const table = execFileSync('avr-size', ['-A', elf], { encoding: 'utf8' })
  const size = (name: string) => Number(table.match(new RegExp(`^\\${name}\\s+(\\d+)`, 'm'))?.[1] ?? 0)
  return { flash: size('.text') + size('.data'), staticRam: size('.data') + size('.bss') }
}

/** Runs the harness on the hex until the core halts; returns its events. */
async function harnessEvents(dir: string): Promise<HarnessEvent[]> {
  const toolchain = testToolchain()
  const [harness, optiboot] = await Promise.all([toolchain.virtualUnoHarness(), toolchain.optiboot()])
  const args = ['--bootloader', optiboot.path, '--load', join(dir, 'model.hex'), '--no-pacing']
  const child = spawn(harness.path, args, { stdio: ['pipe', 'pipe', 'pipe'] })
  const events: HarnessEvent[] = []
  const timer = setTimeout(() => child.kill(), 120_000)
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const event = parseHarnessEvent(JSON.parse(line) as Record<string, unknown>)
      if (event) events.push(event)
      if (event?.event === 'error') throw new Error(`The virtual Uno failed: ${event.message}`)
      if (event?.event === 'state') break
    }
  } finally {
    clearTimeout(timer)
    child.kill()
  }
  return events
}

export async function runOnVirtualUno(code: GeneratedModelCode, expected: Int8Array): Promise<UnoRun> {
  const dir = mkdtempSync(join(tmpdir(), 'mote-bench-uno-'))
  try {
    const elf = build(dir, code, expected)
    const events = await harnessEvents(dir)
    const marker = events.find((e) => e.event === 'marker')
    const state = events.find((e) => e.event === 'state')
    if (!marker || state?.state !== 'done') {
      throw new Error(`The model did not run to the end on the virtual Uno: ${JSON.stringify(events)}`)
    }
    const led = events.filter((e) => e.event === 'pin' && e.pin === 'PB5').at(-1)
    return {
      cycles: marker.cycles,
      matchesReference: led?.event === 'pin' && led.value === 1,
      ...sectionSizes(elf),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
