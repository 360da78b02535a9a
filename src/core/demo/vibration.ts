import { createRng, hashSeed, type Rng } from '../train/random'

/**
 * The vibration demo's data: synthetic 3-axis accelerometer recordings (m/s², x and y radial, z axial with
 * gravity) of a motor running at a few speeds, healthy or with one of three injected faults; generated
 * deterministically from a seed. Anomaly detection trains on "normal" only; the faults are for testing.
 *
 * Healthy machine at shaft frequency f (one of `VIBRATION_SPEEDS_HZ`, ±3 % per recording, wandering ±1 %):
 * the 1× tone (residual imbalance, amplitude ∝ f² like a centrifugal force, 0.25–0.4 m/s² at 25 Hz),
 * 2× (0.25–0.4 of 1×, misalignment) and 3× (0.1–0.2), x and y a quarter turn apart, the axial z weaker
 * (0.3–0.5); a 100 Hz electrical tone (twice a 50 Hz supply, 0.02–0.05 m/s²); white sensor noise σ 0.04–0.08.
 * Faults, each with a random severity:
 * - imbalance: the radial 1× amplitude ×2.2–3.5;
 * - bearing: an outer-race defect tone at 3.0–3.6·f and an inner-race one at 4.9–5.5·f (not harmonics of
 *   f), each amplitude-modulated at f (sidebands at ±f), 0.08–0.18 m/s², with their second harmonics;
 * - looseness: sub- and inter-harmonics (0.5×, 1.5×, 2.5×, 0.3–0.5 of 1×), harmonics 4–6× (0.1–0.2), and
 *   the radial signal clipped at 50–70 % of its peak (the part hitting its stop).
 */
export const VIBRATION_LABELS = ['normal', 'imbalance', 'bearing', 'looseness'] as const
export type VibrationLabel = (typeof VIBRATION_LABELS)[number]
export const VIBRATION_AXES = ['accX', 'accY', 'accZ'] as const
export const VIBRATION_RATE_HZ = 1000
export const VIBRATION_SPEEDS_HZ = [15, 25, 40] as const
const GRAVITY = 9.81

export interface VibrationRecording {
  readonly label: VibrationLabel
  readonly category: 'training' | 'testing'
  readonly speedHz: number
  /** Interleaved [t][x, y, z], m/s². */
  readonly values: Float32Array
  readonly index: number
}

export interface VibrationOptions {
  readonly seed?: number
  /** Normal recordings per speed for training (default 12) and for testing (default 4). */
  readonly normalTrainPerSpeed?: number
  readonly normalTestPerSpeed?: number
  /** Recordings per fault and speed, all for testing (default 4). */
  readonly faultPerSpeed?: number
  readonly durationS?: number
}

/** A tone on one axis: amplitude, frequency in shaft orders or Hz, phase, optional AM at the shaft rate. */
interface Tone {
  readonly axis: number
  readonly amp: number
  /** Multiple of the shaft frequency; or, with `fixedHz`, a fixed frequency. */
  readonly order: number
  readonly fixedHz?: boolean
  readonly phase: number
  /** Depth of amplitude modulation at the shaft frequency (0 = none). */
  readonly am?: number
}

const AXIS_GAIN = [1, 1, 0] as const

function machineTones(rng: Rng, speedHz: number, label: VibrationLabel): Tone[] {
  const u = (lo: number, hi: number) => rng.uniform(lo, hi)
  const one = u(0.25, 0.4) * (speedHz / 25) ** 2
  const axial = u(0.3, 0.5)
  const imbalance = label === 'imbalance' ? u(2.2, 3.5) : 1
  const phase0 = u(0, 2 * Math.PI)
  const tones: Tone[] = []
  const harmonic = (order: number, amp: number) => {
    for (let axis = 0; axis < 3; axis++) {
      const gain = AXIS_GAIN[axis] === 1 ? 1 : axial
      tones.push({
        axis,
        amp: amp * gain,
        order,
        phase: phase0 * order + (axis === 1 ? Math.PI / 2 : u(0, 1)),
      })
    }
  }
  harmonic(1, one * imbalance)
  harmonic(2, one * u(0.25, 0.4))
  harmonic(3, one * u(0.1, 0.2))
  const line = u(0.02, 0.05)
  for (let axis = 0; axis < 3; axis++)
    tones.push({ axis, amp: line, order: 100, fixedHz: true, phase: u(0, 6.3) })
  if (label === 'bearing') {
    for (const order of [u(3.0, 3.6), u(4.9, 5.5)]) {
      const amp = u(0.08, 0.18)
      for (const [k, scale] of [
        [1, 1],
        [2, 0.5],
      ] as const)
        for (let axis = 0; axis < 3; axis++)
          tones.push({
            axis,
            amp: amp * scale * (axis === 2 ? 0.6 : 1),
            order: order * k,
            phase: u(0, 6.3),
            am: 0.6,
          })
    }
  }
  if (label === 'looseness') {
    for (const order of [0.5, 1.5, 2.5]) harmonic(order, one * u(0.3, 0.5))
    for (const order of [4, 5, 6]) harmonic(order, one * u(0.1, 0.2))
  }
  return tones
}

/** One recording: `durationS` seconds at 1 kHz, interleaved x, y, z. */
export function generateVibration(
  label: VibrationLabel,
  speedHz: number,
  rng: Rng,
  durationS: number,
): Float32Array {
  const frames = Math.round(durationS * VIBRATION_RATE_HZ)
  const dt = 1 / VIBRATION_RATE_HZ
  const shaftHz = speedHz * rng.uniform(0.97, 1.03)
  const tones = machineTones(rng, shaftHz, label)
  const noise = rng.uniform(0.04, 0.08)
  const clip = label === 'looseness' ? rng.uniform(0.5, 0.7) : 1
  const radialPeak = radialPeakOf(tones)
  const out = new Float32Array(frames * 3)
  let shaftPhase = 0
  let wander = 0
  for (let k = 0; k < frames; k++) {
    wander = Math.max(-0.01, Math.min(0.01, wander + rng.normal() * 0.0005))
    shaftPhase += 2 * Math.PI * shaftHz * (1 + wander) * dt
    const axes = [0, 0, 0]
    for (const tone of tones) {
      const phase = tone.fixedHz ? 2 * Math.PI * tone.order * k * dt : tone.order * shaftPhase
      const envelope = 1 + (tone.am ?? 0) * Math.cos(shaftPhase)
      axes[tone.axis]! += tone.amp * envelope * Math.sin(phase + tone.phase)
    }
    for (let axis = 0; axis < 3; axis++) {
      let v = axes[axis]!
      if (axis < 2 && clip < 1) v = Math.max(-clip * radialPeak, Math.min(clip * radialPeak, v))
      out[k * 3 + axis] = v + (axis === 2 ? GRAVITY : 0) + rng.normal() * noise
    }
  }
  return out
}

/** An upper bound of one radial axis's peak: the sum of its tones' amplitudes. */
function radialPeakOf(tones: readonly Tone[]): number {
  return tones.filter((t) => t.axis === 0).reduce((s, t) => s + t.amp * (1 + (t.am ?? 0)), 0)
}

/**
 * The whole demo data set, per speed: normal recordings for training and testing, then every fault's
 * recordings for testing.
 */
export function generateVibrationDataset(options: VibrationOptions = {}): VibrationRecording[] {
  const seed = options.seed ?? 20261208
  const normalTrain = options.normalTrainPerSpeed ?? 12
  const normalTest = options.normalTestPerSpeed ?? 4
  const faultCount = options.faultPerSpeed ?? 4
  const durationS = options.durationS ?? 2
  const out: VibrationRecording[] = []
  VIBRATION_LABELS.forEach((label, l) => {
    const perSpeed = label === 'normal' ? normalTrain + normalTest : faultCount
    VIBRATION_SPEEDS_HZ.forEach((speedHz, s) => {
      for (let i = 0; i < perSpeed; i++) {
        const rng = createRng(hashSeed(hashSeed(hashSeed(seed, l + 1), s + 1), i + 1))
        const category = label === 'normal' && i < normalTrain ? 'training' : 'testing'
        const index = s * perSpeed + i
        out.push({
          label,
          category,
          speedHz,
          index,
          values: generateVibration(label, speedHz, rng, durationS),
        })
      }
    })
  })
  return out
}
