import { createRng, hashSeed, type Rng } from '../train/random'

/**
 * The gestures demo's data: synthetic 3-axis accelerometer recordings (m/s², x/y/z in the device's frame)
 * of five gestures, generated deterministically from a seed.
 *
 * Each recording draws its own parameters. The device is held at a random orientation (yaw ±20°, pitch and
 * roll ±15°), so gravity (9.81 m/s² up) spreads over the axes; the gesture's acceleration is defined in the
 * world frame and rotated into the device frame together with gravity. Per gesture (world frame):
 * - idle: postural sway (0.1–0.4 Hz, 0.05–0.2 m/s²) and physiological tremor (8–12 Hz, ≤ 0.08 m/s²);
 * - wave: side to side along x (1.2–2.0 Hz, 4–8 m/s²) while the wrist rolls ±10–25° at the same rate;
 * - circle: x = A·cos, y = ±A·sin (0.6–1.1 Hz, 3–6 m/s², either direction);
 * - shake: fast along a random horizontal direction (4–7 Hz, 10–18 m/s², with a third harmonic);
 * - up-down: along z (1.0–1.8 Hz, 4–8 m/s²).
 * Timing is not metronomic: the gesture rate drifts (a slow random walk of ±8 %), the amplitude breathes
 * (±20 %, 0.1–0.3 Hz), gestures ramp in over the first 0.3–0.8 s, and every sample instant jitters by
 * N(0, 0.1 sample periods). The sensor adds white noise (σ 0.05–0.25 m/s²) and a fixed bias per axis (±0.2).
 */
export const GESTURE_LABELS = ['idle', 'wave', 'circle', 'shake', 'up-down'] as const
export type GestureLabel = (typeof GESTURE_LABELS)[number]

export const GESTURE_AXES = ['accX', 'accY', 'accZ'] as const
export const GESTURE_RATE_HZ = 62.5
const GRAVITY = 9.81

export interface GestureRecording {
  readonly label: GestureLabel
  readonly category: 'training' | 'testing'
  /** Interleaved [t][x, y, z], m/s². */
  readonly values: Float32Array
  readonly index: number
}

export interface GestureOptions {
  readonly seed?: number
  /** Recordings per gesture (default 30), of which `testPerLabel` are for testing. */
  readonly perLabel?: number
  readonly testPerLabel?: number
  readonly durationS?: number
}

type Vec3 = [number, number, number]
type Motion = (t: number, phase: number) => { accel: Vec3; roll: number }

function rotation(yaw: number, pitch: number, roll: number): number[] {
  const [cy, sy, cp, sp, cr, sr] = [
    Math.cos(yaw),
    Math.sin(yaw),
    Math.cos(pitch),
    Math.sin(pitch),
    Math.cos(roll),
    Math.sin(roll),
  ]
  // R = Rz(yaw)·Ry(pitch)·Rx(roll), row-major: device → world
  return [
    cy * cp,
    cy * sp * sr - sy * cr,
    cy * sp * cr + sy * sr,
    sy * cp,
    sy * sp * sr + cy * cr,
    sy * sp * cr - cy * sr,
    -sp,
    cp * sr,
    cp * cr,
  ]
}

/** World → device: Rᵀ·v. */
function toDevice(r: number[], v: Vec3): Vec3 {
  return [
    r[0]! * v[0] + r[3]! * v[1] + r[6]! * v[2],
    r[1]! * v[0] + r[4]! * v[1] + r[7]! * v[2],
    r[2]! * v[0] + r[5]! * v[1] + r[8]! * v[2],
  ]
}

const deg = Math.PI / 180

function motionFor(label: GestureLabel, rng: Rng): { motion: Motion; hz: number } {
  const a = (lo: number, hi: number) => rng.uniform(lo, hi)
  switch (label) {
    case 'idle': {
      const [swayHz, swayA, tremorHz, tremorA, p1, p2] = [
        a(0.1, 0.4),
        a(0.05, 0.2),
        a(8, 12),
        a(0.01, 0.08),
        a(0, 6.3),
        a(0, 6.3),
      ]
      return {
        hz: 1,
        motion: (t) => ({
          accel: [
            swayA * Math.sin(2 * Math.PI * swayHz * t + p1),
            swayA * Math.cos(2 * Math.PI * swayHz * t + p2),
            tremorA * Math.sin(2 * Math.PI * tremorHz * t),
          ],
          roll: 0,
        }),
      }
    }
    case 'wave': {
      const [amp, tilt] = [a(4, 8), a(10, 25) * deg]
      return {
        hz: a(1.2, 2.0),
        motion: (_t, ph) => ({ accel: [amp * Math.sin(ph), 0, 0], roll: tilt * Math.sin(ph) }),
      }
    }
    case 'circle': {
      const [amp, dir] = [a(3, 6), rng.next() < 0.5 ? -1 : 1]
      return {
        hz: a(0.6, 1.1),
        motion: (_t, ph) => ({ accel: [amp * Math.cos(ph), dir * amp * Math.sin(ph), 0], roll: 0 }),
      }
    }
    case 'shake': {
      const [amp, heading] = [a(10, 18), a(0, Math.PI)]
      return {
        hz: a(4, 7),
        motion: (_t, ph) => {
          const s = amp * (Math.sin(ph) + 0.3 * Math.sin(3 * ph))
          return { accel: [s * Math.cos(heading), s * Math.sin(heading), 0], roll: 0 }
        },
      }
    }
    case 'up-down': {
      const amp = a(4, 8)
      return { hz: a(1.0, 1.8), motion: (_t, ph) => ({ accel: [0, 0, amp * Math.sin(ph)], roll: 0 }) }
    }
  }
}

/** One recording: `durationS` seconds at 62.5 Hz, interleaved x, y, z. */
export function generateGesture(label: GestureLabel, rng: Rng, durationS: number): Float32Array {
  const frames = Math.round(durationS * GESTURE_RATE_HZ)
  const dt = 1 / GESTURE_RATE_HZ
  const { motion, hz } = motionFor(label, rng)
  const [yaw, pitch, roll0] = [
    rng.uniform(-20, 20) * deg,
    rng.uniform(-15, 15) * deg,
    rng.uniform(-15, 15) * deg,
  ]
  const noise = rng.uniform(0.05, 0.25)
  const bias: Vec3 = [rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2)]
  const [breathHz, breathPhase, rampS] = [rng.uniform(0.1, 0.3), rng.uniform(0, 6.3), rng.uniform(0.3, 0.8)]
  const out = new Float32Array(frames * 3)
  let phase = rng.uniform(0, 2 * Math.PI)
  let drift = 0
  for (let k = 0; k < frames; k++) {
    const t = k * dt + rng.normal() * 0.1 * dt
    drift = Math.max(-0.08, Math.min(0.08, drift + rng.normal() * 0.004))
    phase += 2 * Math.PI * hz * (1 + drift) * dt
    const envelope = Math.min(1, t / rampS) * (1 + 0.2 * Math.sin(2 * Math.PI * breathHz * t + breathPhase))
    const { accel, roll } = motion(t, phase)
    const world: Vec3 = [accel[0] * envelope, accel[1] * envelope, accel[2] * envelope + GRAVITY]
    const device = toDevice(rotation(yaw, pitch, roll0 + roll * envelope), world)
    for (let axis = 0; axis < 3; axis++)
      out[k * 3 + axis] = device[axis]! + bias[axis]! + rng.normal() * noise
  }
  return out
}

/** The whole demo data set: `perLabel` recordings of each gesture, the last `testPerLabel` for testing. */
export function generateGestureDataset(options: GestureOptions = {}): GestureRecording[] {
  const seed = options.seed ?? 20240611
  const perLabel = options.perLabel ?? 30
  const testPerLabel = options.testPerLabel ?? 6
  const durationS = options.durationS ?? 10
  const out: GestureRecording[] = []
  GESTURE_LABELS.forEach((label, l) => {
    for (let i = 0; i < perLabel; i++) {
      const rng = createRng(hashSeed(hashSeed(seed, l + 1), i + 1))
      out.push({
        label,
        index: i,
        category: i >= perLabel - testPerLabel ? 'testing' : 'training',
        values: generateGesture(label, rng, durationS),
      })
    }
  })
  return out
}
