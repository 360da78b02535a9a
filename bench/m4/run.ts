/**
 * Runs a bench program on the virtual Cortex-M4 (QEMU mps2-an386, -icount shift=0, semihosting) and
 * returns what it printed. The program includes bench.h and is linked with start.c and link.ld here.
 * Instruction counts come from SysTick: `instructionsPerTick` measures a loop of known length in the
 * same QEMU, so the figure does not depend on the machine's clock settings.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { join } from 'node:path'

const HERE = import.meta.dirname
const QEMU_ARGS = [
  '-M',
  'mps2-an386',
  '-display',
  'none',
  '-monitor',
  'none',
  '-serial',
  'none',
  '-semihosting-config',
  'enable=on,target=native',
  '-icount',
  'shift=0',
  '-kernel',
]

export function runOnVirtualM4(dir: string, sources: readonly string[], flags: readonly string[]): string {
  const elf = join(dir, 'bench.elf')
  execFileSync(
    'arm-none-eabi-gcc',
    [
      '-mcpu=cortex-m4',
      '-mthumb',
      '-fno-tree-loop-distribute-patterns',
      '-nostdlib',
      `-I${HERE}`,
      ...flags,
      '-T',
      join(HERE, 'link.ld'),
      '-o',
      elf,
      join(HERE, 'start.c'),
      ...sources,
      '-lc',
      '-lgcc',
    ],
    { stdio: 'pipe' },
  )
  // QEMU writes semihosting output to its stderr.
  const run = spawnSync('qemu-system-arm', QEMU_ARGS.concat(elf), { encoding: 'utf8', timeout: 120_000 })
  if (run.status !== 0) throw new Error(`QEMU failed (${run.status ?? run.signal}): ${run.stderr}`)
  return run.stdout + run.stderr
}
