import { type FusedBatchNormAttrs, type TensorInfo } from '@tensorflow/tfjs-core'
import { type MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { attrsOf, type FastKernel, floatValues, runStock } from './kernel-support'
import { kernelRuntime } from './wasm-runtime'

/** A parameter vector usable by batch_norm: absent, or float32 of length 1 or `channels`. */
function param(
  backend: MathBackendCPU,
  t: TensorInfo | undefined,
  channels: number,
): Float32Array | null | false {
  if (!t) return null
  const v = floatValues(backend, t)
  return v && (v.length === 1 || v.length === channels) ? v : false
}

/**
 * FusedBatchNorm forward (inference form; training mode's batch statistics arrive as the mean and variance
 * inputs): computed in double, element by element, exactly like tfjs-cpu. Parameters that are not one value
 * or one value per innermost channel go to the stock kernel.
 */
export const batchNorm: FastKernel = (args, stock) => {
  const { x, mean, variance, scale, offset } = args.inputs
  const { backend } = args
  const xv = floatValues(backend, x)
  const channels = x?.shape[x.shape.length - 1] ?? 1
  const mv = param(backend, mean, channels)
  const vv = param(backend, variance, channels)
  const sv = param(backend, scale, channels)
  const ov = param(backend, offset, channels)
  if (!x || !xv || xv.length === 0 || !mv || !vv || sv === false || ov === false) return runStock(stock, args)
  const epsilon = attrsOf<FusedBatchNormAttrs>(args).varianceEpsilon ?? 0.001
  const rt = kernelRuntime()
  rt.reset()
  const xp = rt.putFloats(xv)
  const mp = rt.putFloats(mv)
  const vp = rt.putFloats(vv)
  const sp = sv ? rt.putFloats(sv) : 0
  const op = ov ? rt.putFloats(ov) : 0
  const outp = rt.allocFloats(xv.length)
  const n = xv.length
  rt.fn.batch_norm(
    n,
    channels,
    xp,
    mp,
    mv.length,
    vp,
    vv.length,
    sp,
    sv?.length ?? 1,
    op,
    ov?.length ?? 1,
    epsilon,
    outp,
  )
  return backend.makeTensorInfo(x.shape, 'float32', rt.readFloats(outp, n))
}
