/**
 * The values of a recording as they arrive: a growing interleaved float32 buffer (doubling, so appending is
 * amortised O(1)), plus a cursor for the live view: `takeLive()` returns the frames not yet sent.
 * `limitFrames` caps the recording (seconds · rate); frames beyond it are ignored. The limit may be
 * lowered or raised while recording (a data forwarder's rate is re-measured as lines arrive).
 */
export class FrameBuffer {
  private data: Float32Array
  private frames = 0
  private liveFrom = 0

  constructor(
    readonly axisCount: number,
    private limitFrames: number,
  ) {
    this.data = new Float32Array(Math.max(1, Math.min(limitFrames, 4096)) * axisCount)
  }

  get length(): number {
    return this.frames
  }

  /** Changes the cap; frames already stored beyond a lower cap are dropped. */
  setLimit(limitFrames: number): void {
    this.limitFrames = Math.max(1, limitFrames)
    this.frames = Math.min(this.frames, this.limitFrames)
    this.liveFrom = Math.min(this.liveFrom, this.frames)
  }

  get limit(): number {
    return this.limitFrames
  }

  get full(): boolean {
    return this.frames >= this.limitFrames
  }

  /** Appends up to `frames` frames from `values` (interleaved, `axisCount` per frame); returns how many fit. */
  append(values: ArrayLike<number>, frames: number): number {
    const take = Math.min(frames, this.limitFrames - this.frames)
    if (take <= 0) return 0
    const needed = (this.frames + take) * this.axisCount
    if (needed > this.data.length) {
      const grown = new Float32Array(
        Math.min(Math.max(needed, this.data.length * 2), this.limitFrames * this.axisCount),
      )
      grown.set(this.data.subarray(0, this.frames * this.axisCount))
      this.data = grown
    }
    const at = this.frames * this.axisCount
    for (let i = 0; i < take * this.axisCount; i++) this.data[at + i] = values[i]!
    this.frames += take
    return take
  }

  /** Frames since the last call, as a copy: `{firstFrame, values}`; undefined when there are none. */
  takeLive(): { firstFrame: number; values: Float32Array } | undefined {
    if (this.liveFrom === this.frames) return undefined
    const firstFrame = this.liveFrom
    const values = this.data.slice(firstFrame * this.axisCount, this.frames * this.axisCount)
    this.liveFrom = this.frames
    return { firstFrame, values }
  }

  /** The recorded values, trimmed to length (a copy the sample owns). */
  values(): Float32Array {
    return this.data.slice(0, this.frames * this.axisCount)
  }
}
