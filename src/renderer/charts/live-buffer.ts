/**
 * Live values for the capture plot, kept out of Vue's reactivity (DESIGN.md §7.8: large arrays are not
 * reactive): batches are appended to per-axis ring buffers holding the last `windowFrames` frames; the plot
 * polls `version` once per animation frame and redraws only when it moved. At 6 axes × 1 kHz that is 20
 * batches a second and at most one redraw per display frame, whatever the batch rate.
 */
export class LiveBuffer {
  version = 0
  private xs: Float64Array
  private ys: Float32Array[]
  private frames = 0

  constructor(
    readonly axisCount: number,
    readonly rateHz: number,
    private readonly windowFrames: number,
  ) {
    this.xs = new Float64Array(windowFrames)
    this.ys = Array.from({ length: axisCount }, () => new Float32Array(windowFrames))
  }

  /** Frames `firstFrame…` of the recording, interleaved by axis. Frames must arrive in order. */
  append(firstFrame: number, values: Float32Array): void {
    const count = Math.floor(values.length / this.axisCount)
    for (let i = 0; i < count; i++) {
      const frame = firstFrame + i
      const slot = frame % this.windowFrames
      this.xs[slot] = frame / this.rateHz
      for (let a = 0; a < this.axisCount; a++) this.ys[a]![slot] = values[i * this.axisCount + a]!
    }
    this.frames = Math.max(this.frames, firstFrame + count)
    this.version++
  }

  get length(): number {
    return this.frames
  }

  /** The window in time order, as uPlot's aligned data: `[seconds, axis0, axis1, …]`. */
  view(): [Float64Array, ...Float32Array[]] {
    const n = Math.min(this.frames, this.windowFrames)
    const start = this.frames > this.windowFrames ? this.frames % this.windowFrames : 0
    const unroll = <T extends Float64Array | Float32Array>(src: T, make: (n: number) => T): T => {
      const out = make(n)
      for (let i = 0; i < n; i++) out[i] = src[(start + i) % this.windowFrames]!
      return out
    }
    return [
      unroll(this.xs, (k) => new Float64Array(k)),
      ...this.ys.map((y) => unroll(y, (k) => new Float32Array(k))),
    ]
  }
}

export const AXIS_COLORS = [
  '#0f8a72',
  '#d03050',
  '#2080f0',
  '#f0a020',
  '#8a2be2',
  '#36ad6a',
  '#e05a00',
  '#555',
]
