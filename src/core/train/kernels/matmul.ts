import { type _FusedMatMulAttrs, type BatchMatMulAttrs, broadcast_util } from '@tensorflow/tfjs-core'
import { applyStockActivation, epilogueOf } from './activation'
import { attrsOf, type FastKernel, floatValues, runStock, sizeOf } from './kernel-support'
import { kernelRuntime } from './wasm-runtime'

/** Shapes of a batched matmul after tfjs's rules: leading dims broadcast, then [m, k] · [k, n]. */
interface MatMulPlan {
  readonly outShape: number[]
  readonly batch: number
  readonly batchA: number
  readonly batchB: number
  readonly m: number
  readonly n: number
  readonly k: number
}

function planOf(
  aShape: readonly number[],
  bShape: readonly number[],
  a: BatchMatMulAttrs,
): MatMulPlan | null {
  const ra = aShape.length
  const rb = bShape.length
  if (ra < 2 || rb < 2) return null
  const at = (shape: readonly number[], i: number): number => shape[i] ?? 0
  const k = a.transposeA ? at(aShape, ra - 2) : at(aShape, ra - 1)
  const kb = a.transposeB ? at(bShape, rb - 1) : at(bShape, rb - 2)
  const m = a.transposeA ? at(aShape, ra - 1) : at(aShape, ra - 2)
  const n = a.transposeB ? at(bShape, rb - 2) : at(bShape, rb - 1)
  if (k !== kb) return null
  const outer = broadcast_util.assertAndGetBroadcastShape(aShape.slice(0, -2), bShape.slice(0, -2))
  const batchA = sizeOf(aShape.slice(0, -2))
  const batchB = sizeOf(bShape.slice(0, -2))
  const batch = Math.max(batchA, batchB)
  // tfjs-cpu pairs batch i with (i % batchA, i % batchB); that is broadcasting only when one side is 1
  if (batchA !== batch && batchA !== 1) return null
  if (batchB !== batch && batchB !== 1) return null
  return { outShape: [...outer, m, n], batch, batchA, batchB, m, n, k }
}

/**
 * BatchMatMul and _FusedMatMul (Dense layers): one packed SIMD GEMM per batch entry, with the bias and
 * activation of the fused kernel applied in the same pass.
 */
export const fusedMatMul: FastKernel = (args, stock) => {
  const { a, b, bias, preluActivationWeights } = args.inputs
  const attrs = attrsOf<_FusedMatMulAttrs>(args)
  const { backend } = args
  const av = floatValues(backend, a)
  const bv = floatValues(backend, b)
  const plan = a && b ? planOf(a.shape, b.shape, attrs) : null
  if (!av || !bv || !plan || plan.m * plan.n * plan.k === 0) return runStock(stock, args)
  const epilogue = epilogueOf(
    backend,
    { bias, activation: attrs.activation, leakyreluAlpha: attrs.leakyreluAlpha },
    plan.n,
  )
  if (!epilogue) return runStock(stock, args)
  const { m, n, k } = plan
  const rt = kernelRuntime()
  rt.reset()
  const ap = rt.putFloats(av)
  const bp = rt.putFloats(bv)
  const biasp = epilogue.bias ? rt.putFloats(epilogue.bias) : 0
  const outSize = plan.batch * m * n
  const cp = rt.allocFloats(outSize)
  const lda = attrs.transposeA ? m : k
  const ldb = attrs.transposeB ? k : n
  for (let i = 0; i < plan.batch; i++) {
    const aOff = ap + (plan.batchA === 1 ? 0 : i * m * k * 4)
    const bOff = bp + (plan.batchB === 1 ? 0 : i * k * n * 4)
    const cOff = cp + i * m * n * 4
    rt.fn.gemm(m, n, k, aOff, lda, attrs.transposeA ? 1 : 0, bOff, ldb, attrs.transposeB ? 1 : 0, cOff, n, 0)
  }
  if (epilogue.bias || epilogue.code !== 0)
    rt.fn.bias_act(cp, plan.batch * m, n, biasp, epilogue.code, epilogue.alpha)
  const result = backend.makeTensorInfo(plan.outShape, 'float32', rt.readFloats(cp, outSize))
  if (!epilogue.stockActivation) return result
  return applyStockActivation(backend, result, epilogue.stockActivation, preluActivationWeights)
}
