/**
 * Window ops (convolutions, depthwise convolutions) that write their output over their own input, and how much
 * ring buffer that takes. This is the C runtime's bookkeeping (resources/firmware/runtime/kernels/int8/
 * stream.h) replayed in TypeScript, so that the memory planner can size the ring exactly and choose the
 * output's offset; the kernels check the same condition before they write anything.
 *
 * The scheme: pixels are numbered linearly over (batch, row, column); output pixel p covers input bytes
 * [delta + p·outBytes, delta + (p+1)·outBytes) where delta = output − input. Output pixels are written in
 * order. Before pixel p is written, each input pixel its bytes destroy is copied to ring slot q mod R if a
 * later window may still read it — conservatively, if it lies at or below the first input row of the current
 * output row's window. Reads of destroyed pixels then come from the ring. The ring suffices when, for every
 * read of a destroyed pixel q during output p, (the last pixel saved so far) − q < R.
 *
 * Why it is safe (the argument the tests check by running the kernels): destroyed pixels form one growing run;
 * a pixel read at or after the moment it is destroyed was at or below the then-current window's first row,
 * because windows only move down, so it was saved; and its slot is not reused while it is read, by the
 * condition on R. A pixel never destroyed is read from the input, which no output write has reached.
 */

import type { WindowGeometry } from './graph'

/** A window op's geometry with inC and outC in bytes per pixel (channels × element size). */
export type StreamGeometry = WindowGeometry

export const inputBytesOf = (g: StreamGeometry) => g.batches * g.inH * g.inW * g.inC
export const outputBytesOf = (g: StreamGeometry) => g.batches * g.outH * g.outW * g.outC

/** The first input pixel that output row `y` of batch `b`, or any later output, may read. */
function keepFrom(g: StreamGeometry, b: number, y: number): number {
  const top = Math.min(g.inH, Math.max(0, y * g.strideH - g.padH))
  return (b * g.inH + top) * g.inW
}

interface Bookkeeping {
  firstDestroyed: number
  destroyedEnd: number
  lastSaved: number
}

/** stream.c's advance(): extends the destroyed run by output pixel p's bytes, noting what is saved. */
function advance(g: StreamGeometry, delta: number, state: Bookkeeping, p: number, keep: number): void {
  const inputBytes = inputBytesOf(g)
  const low = delta + p * g.outC
  const high = low + g.outC
  if (high <= 0 || low >= inputBytes) return
  const first = low < 0 ? 0 : Math.floor(low / g.inC)
  const last = Math.min(Math.floor((high - 1) / g.inC), inputBytes / g.inC - 1)
  if (state.destroyedEnd === state.firstDestroyed) {
    state.firstDestroyed = first
    state.destroyedEnd = first
  }
  for (let q = Math.max(state.destroyedEnd, keep); q <= last; q++) state.lastSaved = q
  state.destroyedEnd = Math.max(state.destroyedEnd, last + 1)
}

/** The ring pixels output pixel (b, y, x) needs: the oldest destroyed pixel it reads must still be held. */
function ringForWindow(g: StreamGeometry, state: Bookkeeping, b: number, y: number, x: number): number {
  let need = state.lastSaved >= 0 ? 1 : 0
  for (let fy = 0; fy < g.kH; fy++) {
    const inY = y * g.strideH - g.padH + fy * g.dilationH
    if (inY < 0 || inY >= g.inH) continue
    for (let fx = 0; fx < g.kW; fx++) {
      const inX = x * g.strideW - g.padW + fx * g.dilationW
      if (inX < 0 || inX >= g.inW) continue
      const q = (b * g.inH + inY) * g.inW + inX
      if (q >= state.firstDestroyed && q < state.destroyedEnd) need = Math.max(need, state.lastSaved - q + 1)
    }
  }
  return need
}

/**
 * The smallest ring (in input pixels) with which a stream kernel can write its output `delta` bytes after
 * the start of its input: 0 when the output does not overlap the input.
 */
export function streamRingPixels(g: StreamGeometry, delta: number): number {
  const inputBytes = inputBytesOf(g)
  const outputBytes = outputBytesOf(g)
  if (delta >= inputBytes || delta + outputBytes <= 0) return 0
  const state: Bookkeeping = { firstDestroyed: 0, destroyedEnd: 0, lastSaved: -1 }
  let ring = 0
  for (let b = 0; b < g.batches; b++) {
    for (let y = 0; y < g.outH; y++) {
      const keep = keepFrom(g, b, y)
      for (let x = 0; x < g.outW; x++) {
        advance(g, delta, state, (b * g.outH + y) * g.outW + x, keep)
        ring = Math.max(ring, ringForWindow(g, state, b, y, x))
      }
    }
  }
  return ring
}

/** An output offset for running in place, its ring, and the bytes input, output and ring take together. */
export interface StreamPlacement {
  readonly delta: number
  readonly ringPixels: number
  /** The span of input and output together: max(in, delta + out) − min(0, delta). */
  readonly spanBytes: number
  /** spanBytes plus the ring's bytes. */
  readonly costBytes: number
}

export function streamPlacement(g: StreamGeometry, delta: number): StreamPlacement {
  const ringPixels = streamRingPixels(g, delta)
  const spanBytes = Math.max(inputBytesOf(g), delta + outputBytesOf(g)) - Math.min(0, delta)
  return { delta, ringPixels, spanBytes, costBytes: spanBytes + ringPixels * g.inC }
}

/**
 * The cheapest in-place placement among the natural candidates, with `delta` a multiple of `alignment`: the
 * output at the input's start; its end at the input's end (a larger output); and each of those moved back
 * by its own ring, which trades the ring for span. Ties go to the smaller ring, then the earlier candidate.
 */
export function bestStreamPlacement(g: StreamGeometry, alignment = 1): StreamPlacement {
  const down = (v: number) => Math.floor(v / alignment) * alignment
  const starts = [0, Math.min(0, down(inputBytesOf(g) - outputBytesOf(g)))]
  const candidates = starts.flatMap((delta) => {
    const at = streamPlacement(g, delta)
    return at.ringPixels === 0 ? [at] : [at, streamPlacement(g, down(delta - at.ringPixels * g.inC))]
  })
  return candidates.reduce((best, c) =>
    c.costBytes < best.costBytes || (c.costBytes === best.costBytes && c.ringPixels < best.ringPixels)
      ? c
      : best,
  )
}
