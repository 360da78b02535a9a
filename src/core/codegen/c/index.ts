/** C code generation: the runtime kernel calls for a graph's ops (more to come: model.c/.h, the memory plan). */
export { kernelCall, kernelCalls, type KernelCall, type KernelName } from './kernel-calls'
export * from './kernel-params'
