import {
  backend_util,
  type Conv2DAttrs,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type FusedConv2DAttrs,
} from '@tensorflow/tfjs-core'
import { applyStockActivation, epilogueOf } from './activation'
import { geometryOf, isNonEmpty, scratchFloats } from './geometry'
import { attrsOf, type FastKernel, floatValues, runStock, sizeOf } from './kernel-support'
import { kernelRuntime } from './wasm-runtime'

type Shape4 = [number, number, number, number]

/**
 * Conv2D and FusedConv2D forward: im2col + GEMM with the bias and activation applied in the same pass.
 * NCHW, non-float32 inputs and bias shapes other than one value per output channel go to the stock kernel.
 */
export const fusedConv2D: FastKernel = (args, stock) => {
  const { x, filter, bias, preluActivationWeights } = args.inputs
  const a = attrsOf<FusedConv2DAttrs & Conv2DAttrs>(args)
  const { backend } = args
  const xv = floatValues(backend, x)
  const wv = floatValues(backend, filter)
  if (!x || !filter || !xv || !wv || a.dataFormat === 'NCHW') return runStock(stock, args)
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4,
    filter.shape as Shape4,
    a.strides,
    a.dilations,
    a.pad,
    a.dimRoundingMode,
    false,
    'channelsLast',
  )
  const epilogue = epilogueOf(
    backend,
    { bias, activation: a.activation, leakyreluAlpha: a.leakyreluAlpha },
    info.outChannels,
  )
  if (!epilogue || !isNonEmpty(info)) return runStock(stock, args)
  const rt = kernelRuntime()
  rt.reset()
  const g = geometryOf(info)
  const gp = rt.putInts(g)
  const xp = rt.putFloats(xv)
  const wp = rt.putFloats(wv)
  const bp = epilogue.bias ? rt.putFloats(epilogue.bias) : 0
  const outSize = sizeOf(info.outShape)
  const yp = rt.allocFloats(outSize)
  const sp = rt.allocFloats(scratchFloats(g))
  rt.fn.conv2d_forward(gp, xp, wp, bp, epilogue.code, epilogue.alpha, yp, sp)
  const result = backend.makeTensorInfo(info.outShape, 'float32', rt.readFloats(yp, outSize))
  if (!epilogue.stockActivation) return result
  return applyStockActivation(backend, result, epilogue.stockActivation, preluActivationWeights)
}

/** Conv2DBackpropInput: dx = col2im(dy · Wᵀ). */
export const conv2DBackpropInput: FastKernel = (args, stock) => {
  const { dy, filter } = args.inputs
  const a = attrsOf<Conv2DBackpropInputAttrs>(args)
  const { backend } = args
  const dyv = floatValues(backend, dy)
  const wv = floatValues(backend, filter)
  if (!filter || !dyv || !wv || a.dataFormat === 'NCHW') return runStock(stock, args)
  const info = backend_util.computeConv2DInfo(
    a.inputShape,
    filter.shape as Shape4,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
    false,
    'channelsLast',
  )
  if (!isNonEmpty(info)) return runStock(stock, args)
  const rt = kernelRuntime()
  rt.reset()
  const g = geometryOf(info)
  const gp = rt.putInts(g)
  const dyp = rt.putFloats(dyv)
  const wp = rt.putFloats(wv)
  const inSize = sizeOf(info.inShape)
  const dxp = rt.allocFloats(inSize)
  const sp = rt.allocFloats(scratchFloats(g))
  rt.fn.conv2d_backprop_input(gp, dyp, wp, dxp, sp)
  return backend.makeTensorInfo(info.inShape, 'float32', rt.readFloats(dxp, inSize))
}

/** Conv2DBackpropFilter: dW = im2col(x)ᵀ · dy, accumulated over row chunks. */
export const conv2DBackpropFilter: FastKernel = (args, stock) => {
  const { x, dy } = args.inputs
  const a = attrsOf<Conv2DBackpropFilterAttrs>(args)
  const { backend } = args
  const xv = floatValues(backend, x)
  const dyv = floatValues(backend, dy)
  if (!x || !xv || !dyv || a.dataFormat === 'NCHW') return runStock(stock, args)
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4,
    a.filterShape,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
    false,
    'channelsLast',
  )
  if (!isNonEmpty(info)) return runStock(stock, args)
  const rt = kernelRuntime()
  rt.reset()
  const g = geometryOf(info)
  const gp = rt.putInts(g)
  const xp = rt.putFloats(xv)
  const dyp = rt.putFloats(dyv)
  const filterSize = sizeOf(info.filterShape)
  const dwp = rt.allocFloats(filterSize)
  const sp = rt.allocFloats(scratchFloats(g))
  rt.fn.conv2d_backprop_filter(gp, xp, dyp, dwp, sp)
  return backend.makeTensorInfo(info.filterShape, 'float32', rt.readFloats(dwp, filterSize))
}
