import type { BlockConfig, InputShape, MfccParams, MfeParams } from '../../dsp'
import { audioLayout, dctTable, frontEndTables, requireSeries } from '../../dsp'
import { cFloat, cTable, type CField, type CTable } from './dsp-c-text'
import { fixedMultiplier, quarterCosines, toQ } from './dsp-fixed'
import { align4, defaultInputLsb, type BlockParts, type DspTarget } from './dsp-params'

/** MFE and MFCC: the audio front end's tables (window, twiddles, sparse mel filterbank) and each block's own. */

type AudioConfig = Extract<BlockConfig, { block: 'mfe' | 'mfcc' }>

export function audioWorkBytes(fftLength: number, target: DspTarget): number {
  return (target.numeric === 'fixed' ? 2 : 4) * fftLength
}

function frontEnd(
  p: MfeParams | MfccParams,
  input: InputShape,
  target: DspTarget,
  prefix: string,
): { tables: CTable[]; fields: { [field: string]: CField }; frames: number } {
  const s = requireSeries(input, 'audio')
  const layout = audioLayout(p, s)
  const { window, filterbank } = frontEndTables(p, s.rateHz, layout)
  const fixed = target.numeric === 'fixed'
  const weight = (name: string, values: ArrayLike<number>) =>
    fixed
      ? cTable(
          name,
          'int16_t',
          Array.from(values, (v) => toQ(v, 15)),
        )
      : cTable(name, 'float', values)
  const bins: number[] = []
  for (let m = 0; m < filterbank.numFilters; m++)
    bins.push(filterbank.firstBin[m]!, filterbank.binCount[m]!, filterbank.offset[m]!)
  const tables = [
    weight(`${prefix}_window`, window),
    weight(`${prefix}_cosines`, quarterCosines(p.fftLength)),
    cTable(`${prefix}_filter_bins`, 'uint16_t', bins),
    weight(`${prefix}_mel_weights`, filterbank.weights),
  ]
  const lsb = target.inputLsb ?? defaultInputLsb.audio
  const fields = {
    frames: s.frames,
    frame_length: layout.frameSamples,
    frame_stride: layout.strideSamples,
    frame_count: layout.frameCount,
    fft_length: p.fftLength,
    filters: p.numFilters,
    window: tables[0]!.name,
    cosines: tables[1]!.name,
    filter_bins: tables[2]!.name,
    weights: tables[3]!.name,
    ...(fixed
      ? {
          pre_emphasis_q15: Math.round(p.preEmphasis * 32768),
          log2_gain_q16: Math.round(Math.log2((lsb * p.inputScale) ** 2 / p.fftLength) * 65536),
        }
      : { pre_emphasis: cFloat(p.preEmphasis), input_scale: cFloat(p.inputScale) }),
  }
  return { tables, fields, frames: s.frames }
}

function mfeParts(p: MfeParams, input: InputShape, target: DspTarget, prefix: string): BlockParts {
  const { tables, fields, frames } = frontEnd(p, input, target, prefix)
  const norm = fixedMultiplier(1 / (12 - p.noiseFloorDb))
  const own: Record<string, CField> =
    target.numeric === 'fixed'
      ? {
          floor_db_q16: Math.round(p.noiseFloorDb * 65536),
          norm_q31: norm.mantissa,
          norm_shift: norm.shift,
        }
      : { floor_db: cFloat(p.noiseFloorDb) }
  return {
    structType: 'mote_dsp_mfe_params_t',
    tables,
    fields: { audio: fields, normalize: p.normalize ? 1 : 0, ...own },
    workBytes: audioWorkBytes(p.fftLength, target),
    inputCount: frames,
  }
}

/** The DCT in Q(shift) with the largest shift whose largest entry still fits int16. */
function dctFixed(table: Float32Array): { values: number[]; shift: number } {
  const largest = table.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
  const shift = largest === 0 ? 15 : Math.min(30, Math.floor(Math.log2(32767 / largest)))
  return { values: Array.from(table, (v) => toQ(v, shift)), shift }
}

function mfccParts(p: MfccParams, input: InputShape, target: DspTarget, prefix: string): BlockParts {
  const { tables, fields, frames } = frontEnd(p, input, target, prefix)
  const table = dctTable(p.numFilters, p.numCoefficients, p.lifter)
  const fixed = target.numeric === 'fixed'
  const dct = fixed ? dctFixed(table) : undefined
  const dctTableC = dct
    ? cTable(`${prefix}_dct`, 'int16_t', dct.values)
    : cTable(`${prefix}_dct`, 'float', table)
  const own: Record<string, CField> = dct
    ? {
        dct_shift: dct.shift,
        floor_log2_q16: Math.round((p.noiseFloorDb / 10) * Math.log2(10) * 65536),
      }
    : { floor_energy: cFloat(Math.pow(10, p.noiseFloorDb / 10)) }
  return {
    structType: 'mote_dsp_mfcc_params_t',
    tables: [...tables, dctTableC],
    fields: { audio: fields, coefficients: p.numCoefficients, dct: dctTableC.name, ...own },
    workBytes: align4(audioWorkBytes(p.fftLength, target)) + 4 * p.numFilters,
    inputCount: frames,
  }
}

export function audioBlockCode(
  config: AudioConfig,
  input: InputShape,
  target: DspTarget,
  prefix: string,
): BlockParts {
  return config.block === 'mfe'
    ? mfeParts(config.params, input, target, prefix)
    : mfccParts(config.params, input, target, prefix)
}
