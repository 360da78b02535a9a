import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import { useFastBackend } from './kernels'

export type BackendPreference = 'auto' | 'fast' | 'cpu'

/**
 * Selects the TensorFlow.js backend training runs on: `fast` is our WebAssembly-SIMD kernels
 * (src/core/train/kernels, docs/training-kernels.md), `cpu` stock tfjs-cpu, `auto` the fast one when this
 * runtime supports it, else stock cpu. Returns the name of the backend in use and, when `auto` fell back,
 * why (for the log).
 */
export async function selectTrainingBackend(
  preference: BackendPreference,
): Promise<{ backend: string; note?: string }> {
  if (preference === 'cpu') {
    await useStockCpu()
    return { backend: 'cpu' }
  }
  try {
    await useFastBackend()
    return { backend: tf.getBackend() }
  } catch (error) {
    if (preference === 'fast') throw error
    await useStockCpu()
    return {
      backend: 'cpu',
      note: `Fast kernels unavailable (${error instanceof Error ? error.message : String(error)}); training on stock tfjs-cpu.`,
    }
  }
}

/** Stock tfjs-cpu, without its one-time "install tfjs-node" console banner (src/core prints nothing). */
async function useStockCpu(): Promise<void> {
  await tf.setBackend('cpu')
  ;(tf.backend() as unknown as { firstUse?: boolean }).firstUse = false
}
