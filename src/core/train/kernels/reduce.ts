import { backend_util, type SumAttrs, util } from '@tensorflow/tfjs-core'
import { collapse, maxStridedRank } from './broadcast'
import { attrsOf, type FastKernel, floatValues, runStock, sizeOf } from './kernel-support'
import { kernelRuntime } from './wasm-runtime'

/** Output strides of a reduction seen from the input: contiguous over kept dims, 0 over reduced ones. */
function reductionStrides(shape: readonly number[], axes: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(0)
  let step = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    if (axes.includes(i)) continue
    strides[i] = step
    step *= shape[i] ?? 1
  }
  return strides
}

function reduceKernel(kind: 'sum' | 'mean'): FastKernel {
  return (args, stock) => {
    const { x } = args.inputs
    const { backend } = args
    const xv = floatValues(backend, x)
    if (!x || !xv || xv.length === 0) return runStock(stock, args)
    const a = attrsOf<SumAttrs>(args)
    const axes = util.parseAxisParam(a.axis, x.shape)
    const [reducedShape, reduceShape] = backend_util.computeOutAndReduceShapes(x.shape, axes)
    const outShape = a.keepDims ? backend_util.expandShapeToKeepDim(reducedShape, axes) : reducedShape
    const plan = collapse(x.shape, [reductionStrides(x.shape, axes)])
    if (plan.shape.length > maxStridedRank) return runStock(stock, args)
    const outSize = sizeOf(reducedShape)
    const rt = kernelRuntime()
    rt.reset()
    const shapep = rt.putInts(plan.shape)
    const osp = rt.putInts(plan.strides[0] ?? [])
    const xp = rt.putFloats(xv)
    const outp = rt.allocFloats(outSize)
    const accp = rt.allocFloats(outSize * 2)
    const divisor = kind === 'mean' ? sizeOf(reduceShape) : 0
    rt.fn.reduce_sum(plan.shape.length, shapep, osp, xp, outp, outSize, accp, divisor)
    return backend.makeTensorInfo(outShape, 'float32', rt.readFloats(outp, outSize))
  }
}

/** Sum over any axes: double accumulation in tfjs-cpu's element order, hence bit-identical to it. */
export const sum = reduceKernel('sum')

/** Mean: each element divided by the count in float32 first, then summed, exactly as tfjs-cpu does. */
export const mean = reduceKernel('mean')
