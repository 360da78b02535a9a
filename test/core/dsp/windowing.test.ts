import { DspErrorCode } from '../../../src/shared/api/design'
import { describe, expect, it } from 'vitest'
import {
  extractWindow,
  msToFrames,
  splitIntoWindows,
  windowCount,
  windowLayout,
  windowStarts,
  windowSpecSchema,
} from '../../../src/core/dsp/windowing'

/** Counts windows by walking the starts one by one: an independent statement of the rule. */
function bruteForceCount(n: number, w: number, s: number, zeroPad: boolean): number {
  let count = 0
  for (let start = 0; start < n; start += s) {
    const fits = start + w <= n
    if (fits || zeroPad) count++
    if (start + w >= n) break
  }
  return count
}

describe('windowing', () => {
  it('turns milliseconds into whole frames by rounding to the nearest frame', () => {
    expect(msToFrames(2000, 62.5)).toBe(125)
    expect(msToFrames(1000, 16000)).toBe(16000)
    expect(msToFrames(10, 100)).toBe(1)
    expect(msToFrames(14, 100)).toBe(1)
    expect(msToFrames(15, 100)).toBe(2)
  })

  it('counts only whole windows without zero-padding and drops the tail', () => {
    const layout = { windowFrames: 4, strideFrames: 2 }
    expect(windowCount(10, layout, false)).toBe(4) // starts 0, 2, 4, 6; frames 6–9 end exactly
    expect(windowCount(11, layout, false)).toBe(4) // frame 10 is dropped
    expect(windowCount(4, layout, false)).toBe(1)
    expect(windowCount(3, layout, false)).toBe(0)
    expect(windowStarts(11, layout, false)).toEqual([0, 2, 4, 6])
  })

  it('covers every frame with zero-padding, including samples shorter than a window', () => {
    const layout = { windowFrames: 4, strideFrames: 2 }
    expect(windowCount(10, layout, true)).toBe(4)
    expect(windowCount(11, layout, true)).toBe(5) // the last window starts at 8 and reads one zero frame
    expect(windowCount(3, layout, true)).toBe(1)
    expect(windowCount(0, layout, true)).toBe(0)
    expect(windowStarts(11, layout, true)).toEqual([0, 2, 4, 6, 8])
  })

  it('agrees with a frame-by-frame walk for every small length, window and stride', () => {
    for (let n = 0; n <= 40; n++) {
      for (let w = 1; w <= 12; w++) {
        for (let s = 1; s <= 12; s++) {
          for (const pad of [false, true]) {
            expect(
              windowCount(n, { windowFrames: w, strideFrames: s }, pad),
              `n=${n} w=${w} s=${s} pad=${pad}`,
            ).toBe(bruteForceCount(n, w, s, pad))
          }
        }
      }
    }
  })

  it('copies interleaved frames and pads past the end with zeros', () => {
    // 3 frames of 2 axes: [t0a0, t0a1, t1a0, t1a1, t2a0, t2a1]
    const values = Float32Array.from([1, 10, 2, 20, 3, 30])
    expect(Array.from(extractWindow(values, 2, 1, 2))).toEqual([2, 20, 3, 30])
    expect(Array.from(extractWindow(values, 2, 2, 3))).toEqual([3, 30, 0, 0, 0, 0])
    expect(Array.from(extractWindow(values, 2, 5, 1))).toEqual([0, 0])
  })

  it('splits a sample into its windows in order', () => {
    const values = Float32Array.from({ length: 10 }, (_, i) => i) // 5 frames × 2 axes at 1000 Hz
    const spec = windowSpecSchema.parse({ lengthMs: 3, strideMs: 2, zeroPad: true })
    const windows = splitIntoWindows(values, { axes: 2, rateHz: 1000 }, spec)
    expect(windows.map((w) => Array.from(w))).toEqual([
      [0, 1, 2, 3, 4, 5],
      [4, 5, 6, 7, 8, 9],
    ])
  })

  it('refuses a window longer than the sample without padding, saying how to fix it', () => {
    const spec = windowSpecSchema.parse({ lengthMs: 2000, strideMs: 500 })
    expect(() => splitIntoWindows(new Float32Array(100), { axes: 1, rateHz: 100 }, spec)).toThrow(
      expect.objectContaining({
        code: DspErrorCode.WindowOutOfRange,
        message: expect.stringMatching(/zero-padding/),
      }),
    )
  })

  it('refuses lengths that round to zero frames', () => {
    expect(() => windowLayout({ lengthMs: 1, strideMs: 1, zeroPad: false }, 100)).toThrow(
      expect.objectContaining({ code: DspErrorCode.IncompatibleParams }),
    )
  })
})
