/**
 * The C runtime's kernel harness (test/core/codegen/c-runtime/harness) cross-compiled for a QEMU Cortex-M
 * machine with a target's optimized kernels, and run there: the cases go in through a semihosting file
 * (cases.bin) and the results come back through another (results.bin), so thousands of cases cost one QEMU
 * run. Built once per change of sources or flags into the native-build cache.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CodegenTarget } from '../../../../src/core/codegen/c/kernel-choice'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { ensureCached, hashInputs } from '../../../../src/main/services/toolchain/build-cache'
import { RUNTIME_DIR, STRICT_C99 } from '../c-runtime/harness'
import { decodeResults, encodeRawCases, type KernelResult, type RawKernelCase } from '../c-runtime/wire'
import { int8RuntimeSources } from './variant-build'

const HERE = fileURLToPath(new URL('.', import.meta.url))
const C_RUNTIME_HARNESS = fileURLToPath(new URL('../c-runtime/harness', import.meta.url))
const GEN_TABLE = fileURLToPath(new URL('../c/harness/harness_gen_kernels.c', import.meta.url))
const CACHE_DIR = join(tmpdir(), 'mote-test-native-cache')

/** A QEMU machine and the compiler flags of its core. */
export interface CortexMMachine {
  readonly qemu: 'mps2-an386' | 'mps2-an385'
  readonly cpu: readonly string[]
}

export const CORTEX_M4: CortexMMachine = { qemu: 'mps2-an386', cpu: ['-mcpu=cortex-m4', '-mthumb'] }
export const CORTEX_M3: CortexMMachine = { qemu: 'mps2-an385', cpu: ['-mcpu=cortex-m3', '-mthumb'] }
/** QEMU has no Cortex-M0+ board; ARMv6-M code runs unchanged on the M3 of mps2-an385. */
export const CORTEX_M0_ON_M3: CortexMMachine = { qemu: 'mps2-an385', cpu: ['-mcpu=cortex-m0plus', '-mthumb'] }

export interface TargetHarness {
  /** Runs the cases in one QEMU run and returns one result per case. */
  runRaw(cases: readonly RawKernelCase[]): KernelResult[]
}

/** Builds (or finds in the cache) the generator-kernel harness of `target` for `machine`. */
export async function buildTargetHarness(
  target: CodegenTarget,
  machine: CortexMMachine,
): Promise<TargetHarness> {
  const sources = [
    ...int8RuntimeSources(target),
    join(C_RUNTIME_HARNESS, 'harness.c'),
    GEN_TABLE,
    join(HERE, 'target', 'harness_startup.c'),
  ]
  const flags = [
    ...machine.cpu,
    ...STRICT_C99,
    '-O2',
    '-ffunction-sections',
    `-I${join(RUNTIME_DIR, 'include')}`,
    '--specs=rdimon.specs',
    '-nostartfiles',
    '-Wl,--gc-sections',
    `-T${join(HERE, 'target', 'link.ld')}`,
  ]
  const headers = execFileSync('find', [RUNTIME_DIR, C_RUNTIME_HARNESS, '-name', '*.h'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .sort()
  const compiler = execFileSync('arm-none-eabi-gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? ''
  const hash = hashInputs([
    compiler,
    ...flags.map((f) => f.replace(HERE, '')),
    ...[...sources, ...headers, join(HERE, 'target', 'link.ld')].flatMap((f) => [
      relative(HERE, f),
      readFileSync(f),
    ]),
  ])
  const artifact = await ensureCached(
    nodeFileSystem,
    CACHE_DIR,
    `target-harness-${target}-${machine.qemu}`,
    hash,
    'harness.elf',
    async (temp) => {
      execFileSync('arm-none-eabi-gcc', [...flags, '-o', join(temp, 'harness.elf'), ...sources], {
        stdio: 'pipe',
      })
    },
  )
  const elf = join(artifact.dir, 'harness.elf')
  return { runRaw: (cases) => runOnQemu(elf, machine, encodeRawCases(cases), cases.length) }
}

/**
 * QEMU's arguments for a headless run of `elf` that talks only through semihosting (files in QEMU's working
 * directory) and exits with the guest; `icount` makes the virtual clock count instructions.
 */
export function semihostingQemuArgs(machine: CortexMMachine['qemu'], elf: string, icount = false): string[] {
  return [
    ...['-M', machine, '-display', 'none', '-monitor', 'none', '-serial', 'none', '-nodefaults'],
    ...(icount ? ['-icount', 'shift=0'] : []),
    ...['-semihosting-config', 'enable=on,target=native', '-kernel', elf],
  ]
}

function runOnQemu(elf: string, machine: CortexMMachine, input: Uint8Array, count: number): KernelResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'mote-qemu-harness-'))
  try {
    writeFileSync(join(dir, 'cases.bin'), input)
    const result = spawnSync('qemu-system-arm', semihostingQemuArgs(machine.qemu, elf), {
      cwd: dir,
      timeout: 120_000,
      encoding: 'utf8',
    })
    if (result.status !== 0) {
      throw new Error(
        `The harness on ${machine.qemu} failed (exit ${result.status ?? result.signal}): ${result.stderr}`,
      )
    }
    return decodeResults(new Uint8Array(readFileSync(join(dir, 'results.bin'))), count)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
