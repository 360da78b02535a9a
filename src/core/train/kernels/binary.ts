import { backend_util, type TensorInfo, type TileAttrs } from '@tensorflow/tfjs-core'
import { type MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { alignedStrides, collapse, maxStridedRank, type StridedPlan, tilePlan } from './broadcast'
import { attrsOf, type FastKernel, floatValues, runStock, sizeOf } from './kernel-support'
import { kernelRuntime } from './wasm-runtime'

/** Codes of binary_op and byte_op in resources/wasm/elementwise.c. */
const floatOp = { add: 0, sub: 1, mul: 2, div: 3, squaredDifference: 4, copy: 5 } as const
const byteOp = {
  less: 0,
  lessEqual: 1,
  greater: 2,
  greaterEqual: 3,
  equal: 4,
  notEqual: 5,
  and: 6,
  or: 7,
} as const

function boolValues(backend: MathBackendCPU, t: TensorInfo | undefined): Uint8Array | null {
  if (!t || t.dtype !== 'bool') return null
  const values = backend.data.get(t.dataId).values
  return values instanceof Uint8Array ? values : null
}

/** Runs one strided loop nest over two operands in wasm and returns the output's byte offset. */
function runStrided(plan: StridedPlan, put: () => [number, number], outBytes: number, call: Call): number {
  const rt = kernelRuntime()
  const shapep = rt.putInts(plan.shape)
  const asp = rt.putInts(plan.strides[0] ?? [])
  const bsp = rt.putInts(plan.strides[1] ?? plan.strides[0] ?? [])
  const [ap, bp] = put()
  const outp = rt.allocFloats(Math.ceil(outBytes / 4))
  call(plan.shape.length, shapep, asp, bsp, ap, bp, outp)
  return outp
}

type Call = (rank: number, shape: number, as: number, bs: number, a: number, b: number, out: number) => void

function planFor(a: TensorInfo, b: TensorInfo): { outShape: number[]; plan: StridedPlan } {
  const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape)
  const plan = collapse(outShape, [alignedStrides(a.shape, outShape), alignedStrides(b.shape, outShape)])
  return { outShape, plan }
}

function floatKernel(op: Exclude<keyof typeof floatOp, 'copy'>): FastKernel {
  return (args, stock) => {
    const { a, b } = args.inputs
    const { backend } = args
    const av = floatValues(backend, a)
    const bv = floatValues(backend, b)
    if (!a || !b || !av || !bv) return runStock(stock, args)
    const { outShape, plan } = planFor(a, b)
    const outSize = sizeOf(outShape)
    if (outSize === 0 || plan.shape.length > maxStridedRank) return runStock(stock, args)
    const rt = kernelRuntime()
    rt.reset()
    const put = (): [number, number] => [rt.putFloats(av), rt.putFloats(bv)]
    const outp = runStrided(plan, put, outSize * 4, (...p) => rt.fn.binary_op(floatOp[op], ...p))
    return backend.makeTensorInfo(outShape, 'float32', rt.readFloats(outp, outSize))
  }
}

/** Add, Sub, Multiply, RealDiv, SquaredDifference on float32 with broadcasting. */
export const add = floatKernel('add')
export const sub = floatKernel('sub')
export const multiply = floatKernel('mul')
export const realDiv = floatKernel('div')
export const squaredDifference = floatKernel('squaredDifference')

function byteKernel(op: keyof typeof byteOp): FastKernel {
  const logical = op === 'and' || op === 'or'
  return (args, stock) => {
    const { a, b } = args.inputs
    const { backend } = args
    const av = logical ? boolValues(backend, a) : floatValues(backend, a)
    const bv = logical ? boolValues(backend, b) : floatValues(backend, b)
    if (!a || !b || !av || !bv) return runStock(stock, args)
    const { outShape, plan } = planFor(a, b)
    const outSize = sizeOf(outShape)
    if (outSize === 0 || plan.shape.length > maxStridedRank) return runStock(stock, args)
    const rt = kernelRuntime()
    rt.reset()
    const put = (): [number, number] =>
      av instanceof Float32Array && bv instanceof Float32Array
        ? [rt.putFloats(av), rt.putFloats(bv)]
        : [rt.putBytes(av as Uint8Array), rt.putBytes(bv as Uint8Array)]
    const outp = runStrided(plan, put, outSize, (...p) => rt.fn.byte_op(byteOp[op], ...p))
    return backend.makeTensorInfo(outShape, 'bool', rt.readBytes(outp, outSize))
  }
}

/** Comparisons of float32 tensors and logical and/or of bool tensors, with broadcasting; bool results. */
export const less = byteKernel('less')
export const lessEqual = byteKernel('lessEqual')
export const greater = byteKernel('greater')
export const greaterEqual = byteKernel('greaterEqual')
export const equal = byteKernel('equal')
export const notEqual = byteKernel('notEqual')
export const logicalAnd = byteKernel('and')
export const logicalOr = byteKernel('or')

/** Select with a condition of the same shape as t and e (other forms go to tfjs-cpu). */
export const select: FastKernel = (args, stock) => {
  const { condition, t, e } = args.inputs
  const { backend } = args
  const cv = boolValues(backend, condition)
  const tv = floatValues(backend, t)
  const ev = floatValues(backend, e)
  if (!t || !cv || !tv || !ev || cv.length !== tv.length || tv.length !== ev.length || tv.length === 0) {
    return runStock(stock, args)
  }
  const rt = kernelRuntime()
  rt.reset()
  const cp = rt.putBytes(cv)
  const tp = rt.putFloats(tv)
  const ep = rt.putFloats(ev)
  const outp = rt.allocFloats(tv.length)
  rt.fn.select_op(tv.length, cp, tp, ep, outp)
  return backend.makeTensorInfo(t.shape, 'float32', rt.readFloats(outp, tv.length))
}

/** Tile of a float32 tensor: a strided copy (the batch-norm gradient tiles per-channel vectors). */
export const tile: FastKernel = (args, stock) => {
  const { x } = args.inputs
  const { backend } = args
  const xv = floatValues(backend, x)
  const { reps } = attrsOf<TileAttrs>(args)
  if (!x || !xv || reps.length !== x.shape.length) return runStock(stock, args)
  const outShape = x.shape.map((d, i) => d * (reps[i] ?? 1))
  const outSize = sizeOf(outShape)
  const plan = tilePlan(x.shape, reps)
  if (outSize === 0 || plan.shape.length > maxStridedRank) return runStock(stock, args)
  const rt = kernelRuntime()
  rt.reset()
  const put = (): [number, number] => {
    const p = rt.putFloats(xv)
    return [p, p]
  }
  const outp = runStrided(plan, put, outSize * 4, (...p) => rt.fn.binary_op(floatOp.copy, ...p))
  return backend.makeTensorInfo(outShape, 'float32', rt.readFloats(outp, outSize))
}
