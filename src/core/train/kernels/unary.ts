import { type ClipByValueAttrs, type LeakyReluAttrs, type StepAttrs } from '@tensorflow/tfjs-core'
import { attrsOf, type FastKernel, floatValues, runStock } from './kernel-support'
import { kernelRuntime } from './wasm-runtime'

/** Operation codes of unary_op in resources/wasm/util.c. */
const unaryOpCode = { relu: 1, relu6: 2, leakyRelu: 3, step: 4, neg: 5, square: 6, sqrt: 7 } as const

function unaryKernel(op: keyof typeof unaryOpCode): FastKernel {
  return (args, stock) => {
    const { x } = args.inputs
    const { backend } = args
    const xv = floatValues(backend, x)
    if (!x || !xv || xv.length === 0) return runStock(stock, args)
    const alpha = (args.attrs as Partial<StepAttrs & LeakyReluAttrs> | undefined)?.alpha ?? 0
    const rt = kernelRuntime()
    rt.reset()
    const xp = rt.putFloats(xv)
    const outp = rt.allocFloats(xv.length)
    rt.fn.unary_op(unaryOpCode[op], xv.length, xp, outp, alpha)
    return backend.makeTensorInfo(x.shape, 'float32', rt.readFloats(outp, xv.length))
  }
}

/** Relu, Relu6, LeakyRelu, Step (the gradient of relu), Neg, Square, Sqrt on float32, as tfjs-cpu rounds them. */
export const relu = unaryKernel('relu')
export const relu6 = unaryKernel('relu6')
export const leakyRelu = unaryKernel('leakyRelu')
export const step = unaryKernel('step')
export const neg = unaryKernel('neg')
export const square = unaryKernel('square')
export const sqrt = unaryKernel('sqrt')

/** ClipByValue on float32, comparing in double against the JavaScript-number bounds as tfjs-cpu does. */
export const clipByValue: FastKernel = (args, stock) => {
  const { x } = args.inputs
  const { backend } = args
  const xv = floatValues(backend, x)
  if (!x || !xv || xv.length === 0) return runStock(stock, args)
  const { clipValueMin, clipValueMax } = attrsOf<ClipByValueAttrs>(args)
  const rt = kernelRuntime()
  rt.reset()
  const xp = rt.putFloats(xv)
  const outp = rt.allocFloats(xv.length)
  rt.fn.clip_op(xv.length, xp, outp, clipValueMin, clipValueMax)
  return backend.makeTensorInfo(x.shape, 'float32', rt.readFloats(outp, xv.length))
}
