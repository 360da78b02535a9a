import type { InputShape, RawParams, SeriesShape, SpectralParams } from '../../dsp'
import { butterworthSos, requireSeries, windowEnergy, windowTable } from '../../dsp'
import { cFloat, cTable } from './dsp-c-text'
import { fixedConst, fixedMultiplier, quarterCosines, toQ } from './dsp-fixed'
import { align4, defaultInputLsb, type BlockParts, type DspTarget } from './dsp-params'

/** Raw and spectral analysis: the per-axis blocks of motion data. */

function lsbOf(target: DspTarget): number {
  return target.inputLsb ?? defaultInputLsb.series
}

export function rawBlockCode(p: RawParams, input: InputShape, target: DspTarget, prefix: string): BlockParts {
  const s = requireSeries(input, 'raw')
  const offsets = Array.from({ length: s.axes }, (_, a) => p.offsets[a] ?? 0)
  const gains = Array.from({ length: s.axes }, (_, a) => (p.axisScales[a] ?? 1) * p.scale)
  const base = { frames: s.frames, axes: s.axes }
  if (target.numeric === 'float') {
    const offset = cTable(`${prefix}_offset`, 'float', offsets)
    const gain = cTable(`${prefix}_gain`, 'float', gains)
    return {
      structType: 'mote_dsp_raw_params_t',
      tables: [offset, gain],
      fields: { ...base, offset: offset.name, gain: gain.name },
      workBytes: 0,
      inputCount: s.frames * s.axes,
    }
  }
  const lsb = lsbOf(target)
  const multipliers = gains.map((g) => fixedMultiplier(g * lsb * 256))
  const offset = cTable(
    `${prefix}_offset_q8`,
    'int32_t',
    offsets.map((o) => toQ(o / lsb, 8, 32)),
  )
  const mantissa = cTable(
    `${prefix}_gain_mantissa`,
    'int32_t',
    multipliers.map((m) => m.mantissa),
  )
  const shift = cTable(
    `${prefix}_gain_shift`,
    'int8_t',
    multipliers.map((m) => m.shift),
  )
  return {
    structType: 'mote_dsp_raw_params_t',
    tables: [offset, mantissa, shift],
    fields: { ...base, offset_q8: offset.name, gain_mantissa: mantissa.name, gain_shift: shift.name },
    workBytes: 0,
    inputCount: s.frames * s.axes,
  }
}

/** Welch's segmentation (src/core/dsp/spectrum.ts). */
export function welchLayout(frames: number, fftLength: number) {
  const segment = Math.min(frames, fftLength)
  const hop = Math.max(1, Math.floor(segment / 2))
  return { segment, hop, segments: Math.floor((frames - segment) / hop) + 1 }
}

/** Band i covers the bins k with edges[i] ≤ k·rate/N < edges[i+1] (spectrum.ts' bandPowers), as [lo, hi). */
export function bandBins(edgesHz: readonly number[], rateHz: number, fftLength: number): number[] {
  const binHz = rateHz / fftLength
  const out: number[] = []
  for (let i = 0; i + 1 < edgesHz.length; i++) {
    const inside: number[] = []
    for (let k = 0; k <= fftLength / 2; k++) {
      const f = k * binHz
      if (f >= edgesHz[i]! && f < edgesHz[i + 1]!) inside.push(k)
    }
    out.push(inside[0] ?? 0, inside.length === 0 ? 0 : inside[inside.length - 1]! + 1)
  }
  return out
}

export function spectralWorkBytes(s: SeriesShape, p: SpectralParams, target: DspTarget): number {
  const { segments } = welchLayout(s.frames, p.fftLength)
  const sum = segments > 1 ? 4 * (p.fftLength / 2 + 1) : 0
  if (target.numeric === 'float') return 4 * s.frames + 4 * p.fftLength + sum
  return align4(2 * s.frames) + 4 * (p.fftLength / 2 + 1) + sum
}

export function spectralBlockCode(
  p: SpectralParams,
  input: InputShape,
  target: DspTarget,
  prefix: string,
): BlockParts {
  const s = requireSeries(input, 'spectral analysis')
  const layout = welchLayout(s.frames, p.fftLength)
  const window = windowTable('hann', layout.segment)
  const sos =
    p.filterType === 'none'
      ? new Float32Array(0)
      : butterworthSos(p.filterType, p.filterOrder, p.filterCutoffHz, s.rateHz)
  const fixed = target.numeric === 'fixed'
  const tables = [
    fixed
      ? cTable(
          `${prefix}_window`,
          'int16_t',
          Array.from(window, (w) => toQ(w, 15)),
        )
      : cTable(`${prefix}_window`, 'float', window),
    fixed
      ? cTable(
          `${prefix}_cosines`,
          'int16_t',
          Array.from(quarterCosines(p.fftLength), (c) => toQ(c, 15)),
        )
      : cTable(`${prefix}_cosines`, 'float', quarterCosines(p.fftLength)),
    cTable(`${prefix}_band_bins`, 'uint16_t', bandBins(p.bandEdgesHz, s.rateHz, p.fftLength)),
    fixed
      ? cTable(
          `${prefix}_sos`,
          'int32_t',
          Array.from(sos, (c) => toQ(c, 30, 32)),
        )
      : cTable(`${prefix}_sos`, 'float', sos),
  ]
  const norm = p.fftLength * windowEnergy(window) * layout.segments
  const common = {
    frames: s.frames,
    axes: s.axes,
    fft_length: p.fftLength,
    ...layout,
    sections: sos.length / 5,
    peaks: p.peaksCount,
    bands: Math.max(0, p.bandEdgesHz.length - 1),
    log_power: p.logPower ? 1 : 0,
    window: tables[0]!.name,
    cosines: tables[1]!.name,
    band_bins: tables[2]!.name,
    sos: tables[3]!.name,
  }
  const workBytes = spectralWorkBytes(s, p, target)
  const base = { structType: 'mote_dsp_spectral_params_t', tables, workBytes, inputCount: s.frames * s.axes }
  if (!fixed) {
    return {
      ...base,
      fields: {
        ...common,
        threshold: cFloat(p.peaksThreshold),
        bin_hz: cFloat(s.rateHz / p.fftLength),
        scale: cFloat(p.scale),
        power_norm: cFloat(norm > 0 ? 1 / norm : 0),
      },
    }
  }
  const unit = (lsbOf(target) * Math.abs(p.scale)) / 256
  const constant = (v: number) => {
    const c = fixedConst(v)
    return { mantissa: `${c.mantissa}u`, exponent: c.exponent }
  }
  return {
    ...base,
    fields: {
      ...common,
      threshold_q24: `${Math.round(p.peaksThreshold * 2 ** 24)}u`,
      rate_q16: Math.round(s.rateHz * 65536),
      negative: p.scale < 0 ? 1 : 0,
      rms_factor: constant(unit / (65536 * Math.sqrt(s.frames))),
      power_factor: constant(norm > 0 ? (unit * unit) / norm : 0),
    },
  }
}
