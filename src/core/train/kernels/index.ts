/**
 * Fast TensorFlow.js training kernels (WebAssembly SIMD) behind a tfjs backend named `mote-wasm`.
 * See docs/training-kernels.md.
 */
export { fastBackendName, fastKernels, registerFastBackend, useFastBackend } from './backend'
