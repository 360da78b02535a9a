/**
 * Builds generated model code for a QEMU Cortex-M machine with a target's runtime kernels, runs one
 * inference on an all-zero input under `-icount shift=0` (one virtual nanosecond per instruction), and reads
 * back the output, the SysTick count and the stack's high-water mark (cortex_m_main.c). Section sizes come
 * from the ELF.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GeneratedModelCode } from '../../src/core/codegen/c/generate'
import type { CodegenTarget } from '../../src/core/codegen/c/kernel-choice'
import { RUNTIME_DIR } from '../../test/core/codegen/c-runtime/harness'
import { semihostingQemuArgs } from '../../test/core/codegen/c-optimized/cortex-m'
import { int8RuntimeSources } from '../../test/core/codegen/c-optimized/variant-build'

const HERE = fileURLToPath(new URL('.', import.meta.url))

/** SysTick runs at 25 MHz of virtual time on mps2-an386/an385: 40 instructions per tick under shift=0. */
const NS_PER_TICK = 40

export interface Sections {
  readonly text: number
  readonly rodata: number
  readonly data: number
  readonly bss: number
}

export interface CortexMRun {
  readonly status: number
  readonly instructions: number
  readonly stackBytes: number
  readonly output: Int8Array
  readonly sections: Sections
  /** With `profile`: instructions of each op that ran, by op index. */
  readonly opInstructions: ReadonlyMap<number, number>
}

const CPU: Readonly<Record<string, string[]>> = {
  'mps2-an386': ['-mcpu=cortex-m4', '-mthumb'],
  'mps2-an385': ['-mcpu=cortex-m3', '-mthumb'],
}

function sectionSizes(elf: string): Sections {
  const table = execFileSync('arm-none-eabi-size', ['-A', elf], { encoding: 'utf8' })
  const size = (name: string) => Number(table.match(new RegExp(`^\\${name}\\s+(\\d+)`, 'm'))?.[1] ?? 0)
  return { text: size('.text'), rodata: size('.rodata'), data: size('.data'), bss: size('.bss') }
}

/** Instructions between consecutive SysTick marks (SysTick counts down). */
function opMarks(words: DataView, at: number): Map<number, number> {
  const marks = Array.from({ length: 64 }, (_, i) => words.getUint32(at + 4 * i, true))
  const ops = new Map<number, number>()
  let previous = marks[63]!
  for (let op = 0; op < 63; op++) {
    if (marks[op] === 0) continue
    ops.set(op, ((previous - marks[op]!) & 0xffffff) * NS_PER_TICK)
    previous = marks[op]!
  }
  return ops
}

export function runOnCortexM(
  code: GeneratedModelCode,
  target: CodegenTarget,
  machine: 'mps2-an386' | 'mps2-an385',
  profile = false,
): CortexMRun {
  const dir = mkdtempSync(join(tmpdir(), 'mote-bench-codegen-'))
  try {
    writeFileSync(join(dir, code.header.name), code.header.text)
    writeFileSync(join(dir, code.source.name), code.source.text)
    const elf = join(dir, 'model.elf')
    execFileSync(
      'arm-none-eabi-gcc',
      [
        ...CPU[machine]!,
        '-std=c99',
        '-O2',
        '-DMOTE_SKIP_CHECKS',
        ...(profile ? ['-include', join(HERE, 'profile_hook.h'), '-DMOTE_BENCH_PROFILE'] : []),
        '-ffunction-sections',
        '-fdata-sections',
        `-I${join(RUNTIME_DIR, 'include')}`,
        `-I${dir}`,
        '--specs=nano.specs',
        '-nostartfiles',
        '-Wl,--gc-sections',
        `-T${join(HERE, 'cortex_m.ld')}`,
        '-o',
        elf,
        ...int8RuntimeSources(target),
        join(dir, code.source.name),
        join(HERE, 'cortex_m_main.c'),
      ],
      { stdio: 'pipe' },
    )
    const qemu = spawnSync('qemu-system-arm', semihostingQemuArgs(machine, elf, true), {
      cwd: dir,
      timeout: 600_000,
      encoding: 'utf8',
    })
    if (qemu.status !== 0)
      throw new Error(`QEMU ${machine} failed (${qemu.status ?? qemu.signal}): ${qemu.stderr}`)
    const result = readFileSync(join(dir, 'result.bin'))
    const words = new DataView(result.buffer, result.byteOffset, result.length)
    const outputs = result.length - 12 - 256
    return {
      status: words.getUint32(0, true),
      instructions: words.getUint32(4, true) * NS_PER_TICK,
      stackBytes: words.getUint32(8, true),
      output: new Int8Array(result.buffer.slice(result.byteOffset + 12, result.byteOffset + 12 + outputs)),
      sections: sectionSizes(elf),
      opInstructions: profile ? opMarks(words, 12 + outputs) : new Map(),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
