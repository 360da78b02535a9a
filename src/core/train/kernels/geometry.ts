import { type backend_util } from '@tensorflow/tfjs-core'

/** Target size of the im2col scratch, in floats (512 KiB): fits L2 with room for the packed GEMM panels. */
const scratchTargetFloats = 1 << 17

/**
 * The 16 int32s of resources/wasm/geometry.h for one convolution or pooling call, NHWC.
 * `chunkRows` bounds the im2col scratch to about `scratchTargetFloats`.
 */
export function geometryOf(info: backend_util.Conv2DInfo): number[] {
  const k = info.filterHeight * info.filterWidth * info.inChannels
  const rows = info.batchSize * info.outHeight * info.outWidth
  const chunkRows = Math.max(4, Math.min(rows, Math.floor(scratchTargetFloats / Math.max(1, k))))
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
    chunkRows,
  ]
}

/** Floats of im2col scratch that a call with this geometry needs. */
export function scratchFloats(geometry: readonly number[]): number {
  const [, , , inC = 0, , , , fH = 0, fW = 0] = geometry
  return (geometry[15] ?? 0) * fH * fW * inC
}

/** True when every dimension of the call is non-zero (empty tensors go to the stock kernels). */
export function isNonEmpty(info: backend_util.Conv2DInfo): boolean {
  return [...info.inShape, ...info.outShape, info.filterHeight, info.filterWidth].every((d) => d > 0)
}
