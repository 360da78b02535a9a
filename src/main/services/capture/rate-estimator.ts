/**
 * The sample rate of a line stream from when its lines arrive (DESIGN.md §5). A board makes line i at
 * `t0 + i·T`; it arrives at `t0 + i·T + d_i` with a delay `d_i ≥ 0`: small usually (a USB frame, a read of
 * the pty), large after the computer was busy (a burst of late lines). Delays are never negative, so the
 * best line is the one that lies below every arrival and as close to them as possible on average: the
 * supporting line of the lower convex hull of the points (i, arrival) at the mean index (the linear
 * program `max t0 + T·ī  s.t.  t0 + T·i ≤ arrival_i`). Unlike a least-squares fit, late bursts do not pull it.
 * Lines of one chunk share its arrival time; only the last of them (the least delayed) is kept.
 */
export class RateEstimator {
  private readonly index: number[] = []
  private readonly time: number[] = []
  private n = 0

  /** One line that arrived at `timeMs` (any monotonic clock in milliseconds). */
  add(timeMs: number): void {
    const last = this.time.length - 1
    if (last >= 0 && this.time[last] === timeMs) this.index[last] = this.n
    else {
      this.index.push(this.n)
      this.time.push(timeMs)
    }
    this.n++
  }

  get lines(): number {
    return this.n
  }

  /** Milliseconds between the first and the last line. */
  get spanMs(): number {
    return this.time.length ? this.time[this.time.length - 1]! - this.time[0]! : 0
  }

  /** Lines per second, or undefined before two distinct arrival times. */
  rateHz(): number | undefined {
    const hull = this.lowerHull()
    if (hull.length < 2) return undefined
    const mean = (this.n - 1) / 2
    let k = 0
    while (k < hull.length - 2 && this.index[hull[k + 1]!]! < mean) k++
    const a = hull[k]!
    const b = hull[k + 1]!
    const msPerLine = (this.time[b]! - this.time[a]!) / (this.index[b]! - this.index[a]!)
    return msPerLine > 0 ? 1000 / msPerLine : undefined
  }

  /** Andrew's monotone chain over points sorted by index: the lower hull, as point positions. */
  private lowerHull(): number[] {
    const hull: number[] = []
    for (let p = 0; p < this.index.length; p++) {
      while (hull.length >= 2 && this.cross(hull[hull.length - 2]!, hull[hull.length - 1]!, p) <= 0)
        hull.pop()
      hull.push(p)
    }
    return hull
  }

  private cross(o: number, a: number, b: number): number {
    const ox = this.index[o]!
    const oy = this.time[o]!
    return (this.index[a]! - ox) * (this.time[b]! - oy) - (this.time[a]! - oy) * (this.index[b]! - ox)
  }
}

/**
 * A measured rate as people write it: the nearest whole number of hertz when within 0.25 % of it
 * (100 Hz, not 99.83 Hz: measurement noise), otherwise 4 significant digits (98.37 Hz). Either way within
 * 0.25 % of the measure.
 */
export function snapRateHz(measuredHz: number): number {
  const whole = Math.round(measuredHz)
  if (whole >= 1 && Math.abs(measuredHz - whole) / measuredHz < 0.0025) return whole
  return Number(measuredHz.toPrecision(4))
}

/**
 * The axis count of a stream: the value count of most good lines, when they are at least `minShare` of them
 * (a board that prints a banner, then data, passes; one that alternates formats does not).
 */
export function modalCount(counts: ReadonlyMap<number, number>, minShare = 0.6): number | undefined {
  let total = 0
  let best: [number, number] | undefined
  for (const [count, lines] of counts) {
    total += lines
    if (!best || lines > best[1]) best = [count, lines]
  }
  return best && best[1] >= total * minShare ? best[0] : undefined
}
