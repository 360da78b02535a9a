import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs build script without type declarations
import { sourceDigest } from '../../../../resources/wasm/build.mjs'
import { decodeBase64 } from '../../../../src/core/util/text-codecs'
import {
  kernelsWasmBase64,
  kernelsWasmSourceDigest,
} from '../../../../src/core/train/kernels/wasm-binary.generated'

/** The part of the WebAssembly JS API used here (Node's types declare it only as a namespace of types). */
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
interface WasmApi {
  validate(bytes: Uint8Array): boolean
  compile(bytes: Uint8Array): Promise<object>
  Module: { exports(module: object): { name: string }[] }
}

describe('the embedded WebAssembly kernels', () => {
  it('were built from the current resources/wasm sources and flags (else run node resources/wasm/build.mjs)', () => {
    expect(kernelsWasmSourceDigest).toBe((sourceDigest as () => string)())
  })

  it('are a valid module exporting every function the TypeScript side calls', async () => {
    const bytes = decodeBase64(kernelsWasmBase64.join(''))
    expect(wasm.validate(bytes)).toBe(true)
    const names = wasm.Module.exports(await wasm.compile(bytes)).map((e) => e.name)
    const called = [
      'gemm',
      'conv2d_forward',
      'conv2d_backprop_input',
      'conv2d_backprop_filter',
      'depthwise_forward',
    ]
    called.push(
      'depthwise_backprop_input',
      'depthwise_backprop_filter',
      'max_pool_forward',
      'max_pool_backprop',
    )
    called.push(
      'avg_pool_forward',
      'avg_pool_backprop',
      'bias_act',
      'unary_op',
      'binary_op',
      'byte_op',
      'select_op',
    )
    called.push('clip_op', 'batch_norm', 'reduce_sum', 'memory', '__heap_base')
    expect(names.sort()).toEqual(called.sort())
  })
})
