import { type GatherV2Attrs, util } from '@tensorflow/tfjs-core'
import { attrsOf, type FastKernel, runStock, sizeOf } from './kernel-support'

/**
 * GatherV2 along axis 0 without batch dims (how model.fit slices shuffled batches): whole rows copied with
 * TypedArray.set instead of tfjs-cpu's per-element index arithmetic. Out-of-range indices go to the stock
 * kernel, which raises tfjs's own error.
 */
export const gatherV2: FastKernel = (args, stock) => {
  const { x, indices } = args.inputs
  const { backend } = args
  const a = attrsOf<GatherV2Attrs>(args)
  if (!x || !indices || indices.dtype !== 'int32' || (a.batchDims ?? 0) !== 0) return runStock(stock, args)
  if (util.parseAxisParam(a.axis, x.shape)[0] !== 0) return runStock(stock, args)
  const xv = backend.data.get(x.dataId).values
  const iv = backend.data.get(indices.dataId).values
  if (!(xv instanceof Float32Array || xv instanceof Int32Array) || !(iv instanceof Int32Array))
    return runStock(stock, args)
  const rows = x.shape[0] ?? 0
  const rowSize = sizeOf(x.shape.slice(1))
  if (iv.some((i) => i < 0 || i >= rows)) return runStock(stock, args)
  const out =
    xv instanceof Float32Array ? new Float32Array(iv.length * rowSize) : new Int32Array(iv.length * rowSize)
  iv.forEach((row, j) => out.set(xv.subarray(row * rowSize, (row + 1) * rowSize), j * rowSize))
  return backend.makeTensorInfo([...indices.shape, ...x.shape.slice(1)], x.dtype, out)
}
