import {
  type AvgPoolAttrs,
  type AvgPoolGradAttrs,
  backend_util,
  type MaxPoolAttrs,
  type MaxPoolGradAttrs,
} from '@tensorflow/tfjs-core'
import { geometryOf, isNonEmpty } from './geometry'
import { attrsOf, type FastKernel, floatValues, runStock, sizeOf } from './kernel-support'
import { kernelRuntime } from './wasm-runtime'

type Shape4 = [number, number, number, number]

function poolInfo(shape: readonly number[], a: MaxPoolAttrs | AvgPoolGradAttrs): backend_util.Conv2DInfo {
  const rounding = 'dimRoundingMode' in a ? a.dimRoundingMode : undefined
  return backend_util.computePool2DInfo(shape as Shape4, a.filterSize, a.strides, 1, a.pad, rounding)
}

/** True for a 1×1 window that maps the input onto itself: tfjs-cpu returns the input unchanged. */
function isIdentity(info: backend_util.Conv2DInfo): boolean {
  return (
    info.filterHeight === 1 && info.filterWidth === 1 && info.inShape.every((d, i) => d === info.outShape[i])
  )
}

function poolForward(kind: 'max' | 'avg'): FastKernel {
  return (args, stock) => {
    const { x } = args.inputs
    const { backend } = args
    const xv = floatValues(backend, x)
    if (!x || !xv) return runStock(stock, args)
    const info = poolInfo(x.shape, attrsOf<MaxPoolAttrs | AvgPoolAttrs>(args))
    if (isIdentity(info) || !isNonEmpty(info)) return runStock(stock, args)
    const rt = kernelRuntime()
    rt.reset()
    const gp = rt.putInts(geometryOf(info))
    const xp = rt.putFloats(xv)
    const outSize = sizeOf(info.outShape)
    const yp = rt.allocFloats(outSize)
    if (kind === 'max') rt.fn.max_pool_forward(gp, xp, yp)
    else rt.fn.avg_pool_forward(gp, xp, yp)
    return backend.makeTensorInfo(info.outShape, 'float32', rt.readFloats(yp, outSize))
  }
}

/** MaxPool: first maximum of each window (strict '>', NaN never wins), as tfjs-cpu. */
export const maxPool = poolForward('max')

/** AvgPool: mean over the taps inside the input, as tfjs-cpu. */
export const avgPool = poolForward('avg')

/** MaxPoolGrad: each dy goes to its window's first maximum in x (recomputed, as tfjs-cpu does). */
export const maxPoolGrad: FastKernel = (args, stock) => {
  const { dy, input } = args.inputs
  const { backend } = args
  const dyv = floatValues(backend, dy)
  const xv = floatValues(backend, input)
  if (!input || !dyv || !xv) return runStock(stock, args)
  const info = poolInfo(input.shape, attrsOf<MaxPoolGradAttrs>(args))
  if (!isNonEmpty(info)) return runStock(stock, args)
  const rt = kernelRuntime()
  rt.reset()
  const gp = rt.putInts(geometryOf(info))
  const xp = rt.putFloats(xv)
  const dyp = rt.putFloats(dyv)
  const inSize = sizeOf(info.inShape)
  const dxp = rt.allocFloats(inSize)
  rt.fn.max_pool_backprop(gp, xp, dyp, dxp)
  return backend.makeTensorInfo(info.inShape, 'float32', rt.readFloats(dxp, inSize))
}

/** AvgPoolGrad: dy spread over each window, scaled by 1/(fH·fW) whatever the padding (tfjs-cpu's rule). */
export const avgPoolGrad: FastKernel = (args, stock) => {
  const { dy, input } = args.inputs
  const { backend } = args
  const dyv = floatValues(backend, dy)
  if (!input || !dyv) return runStock(stock, args)
  const info = poolInfo(input.shape, attrsOf<AvgPoolGradAttrs>(args))
  if (!isNonEmpty(info)) return runStock(stock, args)
  const rt = kernelRuntime()
  rt.reset()
  const gp = rt.putInts(geometryOf(info))
  const dyp = rt.putFloats(dyv)
  const inSize = sizeOf(info.inShape)
  const dxp = rt.allocFloats(inSize)
  rt.fn.avg_pool_backprop(gp, dyp, dxp)
  return backend.makeTensorInfo(info.inShape, 'float32', rt.readFloats(dxp, inSize))
}
