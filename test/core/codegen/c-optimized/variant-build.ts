/**
 * The runtime sources of a target (src/core/codegen/c/targets/runtime-variants.ts) read from the repository,
 * for the tests and the codegen bench: the int8 and common kernels with each optimized file in place of its
 * portable twin.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { CodegenTarget } from '../../../../src/core/codegen/c/kernel-choice'
import {
  RUNTIME_VARIANTS,
  runtimeSourceList,
  type KernelDirectory,
} from '../../../../src/core/codegen/c/targets/runtime-variants'
import { RUNTIME_DIR } from '../c-runtime/harness'

const KERNELS = join(RUNTIME_DIR, 'kernels')

/** The .c files of a kernel directory; none for a target whose optimized kernels do not exist yet. */
function directory(name: string): KernelDirectory {
  const path = join(KERNELS, name)
  const files = existsSync(path) ? readdirSync(path).filter((f) => f.endsWith('.c')) : []
  return { name, files }
}

/** Absolute paths of the int8 runtime sources a firmware of `target` compiles (float kernels left out). */
export function int8RuntimeSources(target: CodegenTarget): string[] {
  const portable = ['common', 'int8'].map(directory)
  const variants = RUNTIME_VARIANTS[target].map(directory)
  return runtimeSourceList(target, portable, variants).map((file) => join(KERNELS, file))
}
