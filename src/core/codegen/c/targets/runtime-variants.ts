/**
 * Which runtime sources a firmware build compiles for each target (docs/codegen.md, "Optimized kernels"): an
 * optimized kernel is a file of the same name in a variant directory beside `kernels/int8/`
 * (resources/firmware/runtime/kernels/<variant>/), and a build takes each file from the first variant
 * directory that has it, else from the portable directory. Variant-only files (their shared helpers) are
 * added. Pure: the caller lists the directories.
 */
import type { CodegenTarget } from '../kernel-choice'

/** The portable kernel directories under kernels/: every build's base, and all that a vendored library carries. */
export const PORTABLE_KERNEL_DIRS: readonly string[] = ['common', 'int8', 'float']

/** The variant directories of each target, most specific first. */
export const RUNTIME_VARIANTS: Readonly<Record<CodegenTarget, readonly string[]>> = {
  portable: [],
  'cortex-m0': ['cortex-m'],
  'cortex-m3': ['cortex-m'],
  'cortex-m4-dsp': ['cortex-m4-dsp'],
  avr: ['avr'],
}

/** A directory of the runtime's kernels and the .c files it holds (names only). */
export interface KernelDirectory {
  readonly name: string
  readonly files: readonly string[]
}

/**
 * The kernel sources of a target as `directory/file` paths under `kernels/`: every portable file (from
 * `portable`, e.g. common and int8) replaced by the first variant that has a file of its name, then the
 * variant-only files. Sorted, so that the same inputs always give the same list.
 */
export function runtimeSourceList(
  target: CodegenTarget,
  portable: readonly KernelDirectory[],
  variants: readonly KernelDirectory[],
): string[] {
  const ordered = RUNTIME_VARIANTS[target].map((name) => variants.find((v) => v.name === name))
  const owner = new Map<string, string>()
  for (const dir of [...ordered].reverse()) {
    for (const file of dir?.files ?? []) owner.set(file, dir!.name)
  }
  const chosen = portable.flatMap((dir) =>
    dir.files.map((file) => {
      const variant = owner.get(file)
      owner.delete(file)
      return `${variant ?? dir.name}/${file}`
    }),
  )
  return [...chosen, ...[...owner].map(([file, dir]) => `${dir}/${file}`)].sort()
}
