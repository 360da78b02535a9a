import {
  backend_util,
  type DepthwiseConv2dNativeAttrs,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type FusedDepthwiseConv2DAttrs,
} from '@tensorflow/tfjs-core'
import { applyStockActivation, epilogueOf } from './activation'
import { geometryOf, isNonEmpty } from './geometry'
import { attrsOf, type FastKernel, floatValues, runStock, sizeOf } from './kernel-support'
import { kernelRuntime } from './wasm-runtime'

type Shape4 = [number, number, number, number]

/** DepthwiseConv2dNative and FusedDepthwiseConv2D forward (NHWC, any channel multiplier, dilation). */
export const fusedDepthwiseConv2D: FastKernel = (args, stock) => {
  const { x, filter, bias, preluActivationWeights } = args.inputs
  const a = attrsOf<FusedDepthwiseConv2DAttrs & DepthwiseConv2dNativeAttrs>(args)
  const { backend } = args
  const xv = floatValues(backend, x)
  const wv = floatValues(backend, filter)
  if (!x || !filter || !xv || !wv || a.dataFormat === 'NCHW') return runStock(stock, args)
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4,
    filter.shape as Shape4,
    a.strides,
    a.dilations ?? 1,
    a.pad,
    a.dimRoundingMode,
    true,
  )
  const epilogue = epilogueOf(
    backend,
    { bias, activation: a.activation, leakyreluAlpha: a.leakyreluAlpha },
    info.outChannels,
  )
  if (!epilogue || !isNonEmpty(info)) return runStock(stock, args)
  const rt = kernelRuntime()
  rt.reset()
  const gp = rt.putInts(geometryOf(info))
  const xp = rt.putFloats(xv)
  const wp = rt.putFloats(wv)
  const bp = epilogue.bias ? rt.putFloats(epilogue.bias) : 0
  const outSize = sizeOf(info.outShape)
  const yp = rt.allocFloats(outSize)
  rt.fn.depthwise_forward(gp, xp, wp, bp, epilogue.code, epilogue.alpha, yp)
  const result = backend.makeTensorInfo(info.outShape, 'float32', rt.readFloats(yp, outSize))
  if (!epilogue.stockActivation) return result
  return applyStockActivation(backend, result, epilogue.stockActivation, preluActivationWeights)
}

/** DepthwiseConv2dNativeBackpropInput: scatter of dy·w onto the input taps. */
export const depthwiseBackpropInput: FastKernel = (args, stock) => {
  const { dy, filter } = args.inputs
  const a = attrsOf<DepthwiseConv2dNativeBackpropInputAttrs>(args)
  const { backend } = args
  const dyv = floatValues(backend, dy)
  const wv = floatValues(backend, filter)
  if (!filter || !dyv || !wv) return runStock(stock, args)
  const info = backend_util.computeConv2DInfo(
    a.inputShape,
    filter.shape as Shape4,
    a.strides,
    a.dilations,
    a.pad,
    a.dimRoundingMode,
    true,
  )
  if (!isNonEmpty(info)) return runStock(stock, args)
  const rt = kernelRuntime()
  rt.reset()
  const gp = rt.putInts(geometryOf(info))
  const dyp = rt.putFloats(dyv)
  const wp = rt.putFloats(wv)
  const inSize = sizeOf(info.inShape)
  const dxp = rt.allocFloats(inSize)
  rt.fn.depthwise_backprop_input(gp, dyp, wp, dxp)
  return backend.makeTensorInfo(info.inShape, 'float32', rt.readFloats(dxp, inSize))
}

/** DepthwiseConv2dNativeBackpropFilter: per-tap channel-wise sums of x·dy. */
export const depthwiseBackpropFilter: FastKernel = (args, stock) => {
  const { x, dy } = args.inputs
  const a = attrsOf<DepthwiseConv2dNativeBackpropFilterAttrs>(args)
  const { backend } = args
  const xv = floatValues(backend, x)
  const dyv = floatValues(backend, dy)
  if (!x || !xv || !dyv) return runStock(stock, args)
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4,
    a.filterShape,
    a.strides,
    a.dilations,
    a.pad,
    a.dimRoundingMode,
    true,
  )
  if (!isNonEmpty(info)) return runStock(stock, args)
  const rt = kernelRuntime()
  rt.reset()
  const gp = rt.putInts(geometryOf(info))
  const xp = rt.putFloats(xv)
  const dyp = rt.putFloats(dyv)
  const filterSize = sizeOf(info.filterShape)
  const dwp = rt.allocFloats(filterSize)
  rt.fn.depthwise_backprop_filter(gp, xp, dyp, dwp)
  return backend.makeTensorInfo(info.filterShape, 'float32', rt.readFloats(dwp, filterSize))
}
