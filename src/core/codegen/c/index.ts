/**
 * C code generation: a variant → model.h / model.c on the hand-written runtime (docs/codegen.md), the
 * kernel calls behind it, the arena plan, and the summary the estimator and deploy use.
 */
export { kernelCall, kernelCalls, type KernelCall, type KernelName } from './kernel-calls'
export * from './kernel-params'
export {
  generateModelCode,
  contentHash,
  ARENA_ALIGNMENT,
  type GenerateOptions,
  type GeneratedFile,
  type GeneratedModelCode,
  type ModelCodeInput,
} from './generate'
export type { CodegenTarget, KernelChoice, KernelSelector, SelectionInput } from './kernel-choice'
export { TARGET_SELECTORS, selectKernel } from './selectors'
export type { ModelCodeSummary, OpCodeSummary } from './summary'
export { checkModelFits, kilobytes } from './board-fit'
export { planModelMemory, type ModelMemory, type OpPlacement } from './model-memory'
