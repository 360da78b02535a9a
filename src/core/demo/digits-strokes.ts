/**
 * The pen strokes of the ten digits, as polylines in a unit box (x to the right, y down, both 0…1), the way
 * a person writes them. The digits generator jitters every point, bends the whole glyph with a random affine
 * map and draws the strokes with a pen of random width; these are only the skeletons.
 */

export type Point = readonly [number, number]
export type Stroke = readonly Point[]

/** Points on an elliptic arc from `fromDeg` to `toDeg` (0° = right, 90° = down), `steps` segments. */
function arc(
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  fromDeg: number,
  toDeg: number,
  steps = 12,
): Point[] {
  const out: Point[] = []
  for (let i = 0; i <= steps; i++) {
    const a = ((fromDeg + ((toDeg - fromDeg) * i) / steps) * Math.PI) / 180
    out.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)])
  }
  return out
}

export const DIGIT_STROKES: readonly (readonly Stroke[])[] = [
  // 0: an upright oval
  [arc(0.5, 0.5, 0.28, 0.4, 0, 360, 20)],
  // 1: a flag and a down stroke
  [
    [
      [0.32, 0.24],
      [0.52, 0.08],
      [0.52, 0.92],
    ],
  ],
  // 2: a hook over the top, a diagonal down to the left, a base line
  [[...arc(0.5, 0.3, 0.24, 0.2, 200, 360 + 20, 10), [0.22, 0.9], [0.8, 0.9]]],
  // 3: two bowls open to the left
  [[...arc(0.48, 0.29, 0.22, 0.19, 210, 450, 10), ...arc(0.48, 0.69, 0.25, 0.21, 270, 510, 10)]],
  // 4: down-left diagonal, cross bar, and the upright
  [
    [
      [0.6, 0.08],
      [0.18, 0.64],
      [0.84, 0.64],
    ],
    [
      [0.64, 0.36],
      [0.64, 0.94],
    ],
  ],
  // 5: top bar, the short upright, and a bowl
  [[[0.76, 0.1], [0.32, 0.1], [0.28, 0.46], ...arc(0.48, 0.66, 0.26, 0.24, 235, 510, 12)]],
  // 6: a sweep down from the top right into a closed loop at the bottom
  [[[0.72, 0.1], [0.48, 0.2], [0.3, 0.44], ...arc(0.5, 0.68, 0.22, 0.22, 180, 540, 16)]],
  // 7: top bar and a long diagonal
  [
    [
      [0.2, 0.1],
      [0.82, 0.1],
      [0.42, 0.92],
    ],
  ],
  // 8: two stacked loops
  [arc(0.5, 0.29, 0.19, 0.19, 0, 360, 14), arc(0.5, 0.7, 0.24, 0.22, 0, 360, 16)],
  // 9: a loop at the top and a tail down the right
  [[...arc(0.48, 0.32, 0.22, 0.22, 0, 360, 16), [0.66, 0.6], [0.6, 0.92]]],
]
