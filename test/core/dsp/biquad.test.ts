import { describe, expect, it } from 'vitest'
import { butterworthSos, sosFilter } from '../../../src/core/dsp/biquad'

function impulse(n: number): Float64Array {
  const x = new Float64Array(n)
  x[0] = 1
  return x
}

/** |H|² of the bilinear-transformed Butterworth filter, written from the analog prototype. */
function analyticGain(
  type: 'lowpass' | 'highpass',
  order: number,
  cutoffHz: number,
  rateHz: number,
  hz: number,
): number {
  const ratio = Math.tan((Math.PI * hz) / rateHz) / Math.tan((Math.PI * cutoffHz) / rateHz)
  return Math.sqrt(1 / (1 + ratio ** (type === 'lowpass' ? 2 * order : -2 * order)))
}

describe('Butterworth biquads', () => {
  it('design butter(2, 10 Hz, fs = 100 Hz): b = [0.0674553, 0.1349105, 0.0674553], a = [1, −1.1429805, 0.4128016]', () => {
    const sos = butterworthSos('lowpass', 2, 10, 100)
    const scipy = [0.06745527, 0.13491055, 0.06745527, -1.1429805, 0.4128016]
    scipy.forEach((v, i) => expect(sos[i]).toBeCloseTo(v, 7))
  })

  it('have the impulse responses of scipy.signal.sosfilt(butter(…, output="sos"))', () => {
    // scipy 1.17.1, first 12 samples of each impulse response
    const cases: [
      type: 'lowpass' | 'highpass',
      order: number,
      cutoffHz: number,
      rateHz: number,
      h: number[],
    ][] = [
      [
        'lowpass',
        4,
        10,
        100,
        [
          0.00482434335772, 0.0307287177681, 0.0905946819549, 0.167944821845, 0.224641271344, 0.233457187868,
          0.193512552163, 0.123765243571, 0.0496036031381, -0.00850905187492, -0.0406738350178,
          -0.047563197947,
        ],
      ],
      [
        'highpass',
        3,
        5,
        50,
        [
          0.527624382502, -0.654232137212, -0.192726140402, 0.0537675182102, 0.140691802566, 0.130432815003,
          0.078094423382, 0.0222821087915, -0.0168917847694, -0.0343726760481, -0.0343204096612,
          -0.0244430797405,
        ],
      ],
      [
        'lowpass',
        1,
        2,
        62.5,
        [
          0.0916283650637, 0.166465215559, 0.135959344476, 0.111043879577, 0.0906943413049, 0.0740739928763,
          0.0604994351543, 0.0494125064934, 0.040357332126, 0.0329615794039, 0.0269211481425, 0.0219876665627,
        ],
      ],
      [
        'highpass',
        6,
        3,
        100,
        [
          0.694314068429, -0.505517182086, -0.318213680288, -0.175830304576, -0.070993367924,
          0.00287463869054, 0.0516006914302, 0.0803068558852, 0.0934558627241, 0.0948965973128,
          0.087909443429, 0.0752513963418,
        ],
      ],
    ]
    for (const [type, order, cutoffHz, rateHz, h] of cases) {
      const y = sosFilter(butterworthSos(type, order, cutoffHz, rateHz), impulse(12))
      // coefficients are float32, scipy's are double: agreement to ~1e-7 of the peak
      h.forEach((v, i) => expect(Math.abs(y[i]! - v), `${type} ${order} sample ${i}`).toBeLessThan(2e-6))
    }
  })

  it('pass a steady sine with the analytic gain 1/√(1 + (tan(ω/2)/tan(ωc/2))^±2N), −3 dB at the cutoff', () => {
    const rateHz = 200
    for (const type of ['lowpass', 'highpass'] as const) {
      for (const order of [1, 2, 3, 4, 5, 8]) {
        for (const hz of [2, 10, 20, 45]) {
          const n = 4000
          const x = Float64Array.from({ length: n }, (_, t) => Math.sin((2 * Math.PI * hz * t) / rateHz))
          const y = sosFilter(butterworthSos(type, order, 20, rateHz), x)
          // amplitude from the last 2000 samples (whole periods), after the transient died out
          let ss = 0
          for (let t = n - 2000; t < n; t++) ss += y[t]! ** 2
          const amplitude = Math.sqrt((2 * ss) / 2000)
          expect(amplitude, `${type} N=${order} f=${hz}`).toBeCloseTo(
            analyticGain(type, order, 20, rateHz, hz),
            4,
          )
        }
      }
    }
    expect(analyticGain('lowpass', 4, 20, 200, 20)).toBeCloseTo(Math.SQRT1_2, 15)
  })
})
