/**
 * Kernel selection per target (docs/codegen.md, "Targets"). Every target starts from the portable choice;
 * an optimized kernel set (Cortex-M DSP, M0/M3, AVR) adds a selector to TARGET_SELECTORS that returns its
 * own choice for the ops it handles — another kernel, or the same kernel with the weights laid out for its
 * inner loop — and `undefined` for the rest, which keep the portable choice. A caller may also pass its own
 * selector (GenerateOptions.selector), which is asked first.
 */
import type { CodegenTarget, KernelChoice, KernelSelector, SelectionInput } from './kernel-choice'
import { portableSelect } from './portable-select'
import { blockedWeightsSelect } from './targets/blocked-select'

/** The built-in selectors beyond the portable one (src/core/codegen/c/targets). */
export const TARGET_SELECTORS: Readonly<Record<CodegenTarget, KernelSelector | undefined>> = {
  portable: undefined,
  'cortex-m0': blockedWeightsSelect,
  'cortex-m3': blockedWeightsSelect,
  'cortex-m4-dsp': blockedWeightsSelect,
  avr: undefined,
}

/** The kernel for one op: the caller's selector, else the target's, else the portable choice. */
export function selectKernel(
  target: CodegenTarget,
  input: SelectionInput,
  selector?: KernelSelector,
): KernelChoice {
  return selector?.(input) ?? TARGET_SELECTORS[target]?.(input) ?? portableSelect(input)
}
