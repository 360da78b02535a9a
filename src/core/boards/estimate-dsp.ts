import { dspDesignCode, type DspDesignCode } from '../codegen/c/dsp-params'
import {
  audioLayout,
  describeFeatures,
  shapeSize,
  windowInputShape,
  type BlockConfig,
  type FeatureDesign,
  type InputShape,
  type SampleMeta,
  type SeriesShape,
} from '../dsp'
import type { DspNumeric, DspWork } from './cost-model'

/**
 * The feature blocks as the estimator sees them: the work each does per window, counted in the units the
 * DSP coefficients are per (cost-model.ts `DspWork`), and their memory in both C builds from the code
 * generator (`dspDesignCode`: shared work buffer, tables in flash). The counts follow the C port's loops
 * (docs/dsp.md "The C port"); the coefficients absorb what each unit costs there.
 */

export interface DspWorkload {
  readonly work: DspWork
  /** Input values per window (samples × axes, or pixel bytes) and features out. */
  readonly inputCount: number
  readonly outputCount: number
  readonly memory: Readonly<Record<DspNumeric, { readonly workBytes: number; readonly tableBytes: number }>>
  readonly blocks: readonly BlockConfig['block'][]
  /** Input samples per second (all axes) while the window fills: what sampling costs. */
  readonly samplesPerSecond: number
}

const ZERO: DspWork = { samples: 0, butterflies: 0, bins: 0, tableMacs: 0, features: 0, blocks: 0 }

function add(a: DspWork, b: Partial<DspWork>): DspWork {
  const sum = { ...a }
  for (const key of Object.keys(b) as (keyof DspWork)[]) sum[key] += b[key] ?? 0
  return sum
}

/** Butterflies of the C port's real FFT of n points: an n/2-point complex radix-2 FFT and the split step. */
export function realFftButterflies(n: number): number {
  return (n / 4) * Math.log2(n / 2) + n / 4
}

function spectralWork(config: Extract<BlockConfig, { block: 'spectral' }>, s: SeriesShape): Partial<DspWork> {
  const p = config.params
  const segment = Math.min(s.frames, p.fftLength)
  const hop = Math.max(1, Math.floor(segment / 2))
  const segments = Math.floor((s.frames - segment) / hop) + 1
  const sections = p.filterType === 'none' ? 0 : Math.ceil(p.filterOrder / 2)
  const passes = 2 + (sections > 0 ? 1 : 0)
  return {
    samples: s.axes * (passes * s.frames + segments * segment),
    butterflies: s.axes * segments * realFftButterflies(p.fftLength),
    bins: s.axes * segments * (p.fftLength / 2 + 1),
    tableMacs: s.axes * s.frames * sections * 5,
  }
}

function audioWork(
  config: Extract<BlockConfig, { block: 'mfe' | 'mfcc' }>,
  s: SeriesShape,
): Partial<DspWork> {
  const p = config.params
  const layout = audioLayout(p, s)
  const frames = layout.frameCount
  const bins = p.fftLength / 2 + 1
  // Each bin lies under at most two triangular filters: about one weight per bin.
  const dct = config.block === 'mfcc' ? p.numFilters * config.params.numCoefficients : 0
  return {
    samples: frames * layout.frameSamples,
    butterflies: frames * realFftButterflies(p.fftLength),
    bins: frames * bins,
    tableMacs: frames * (bins + dct),
  }
}

/** One block's work on windows of `input` producing `outputs` features. */
export function dspBlockWork(config: BlockConfig, input: InputShape, outputs: number): DspWork {
  const base = add(ZERO, { features: outputs, blocks: 1 })
  if (input.kind === 'image')
    // Bilinear resampling: four source taps per output value.
    return add(base, { samples: 4 * outputs })
  switch (config.block) {
    case 'raw':
      return add(base, { samples: input.frames * input.axes })
    case 'spectral':
      return add(base, spectralWork(config, input))
    case 'mfe':
    case 'mfcc':
      return add(base, audioWork(config, input))
    case 'kws-mfcc': {
      // The MLPerf KWS front end (dsp/blocks/kws-mfcc.ts): one STFT frame per output row, mel and DCT tables.
      const p = config.params
      const frames = outputs / p.numCoefficients
      const bins = p.fftLength / 2 + 1
      return add(base, {
        samples: frames * p.frameSamples,
        butterflies: frames * realFftButterflies(p.fftLength),
        bins: frames * bins,
        tableMacs: frames * (bins + p.numFilters * p.numCoefficients),
      })
    }
    case 'image':
      return base
  }
}

/** The feature design's work and memory per window. Fails like the DSP (MoteFailure 11xxx) for bad params. */
export function dspWorkload(design: FeatureDesign, meta: SampleMeta): DspWorkload {
  const input = windowInputShape(meta, design)
  const { blockShapes } = describeFeatures(meta, design)
  const work = design.blocks.reduce(
    (sum, config, i) => add(sum, dspBlockWork(config, input, shapeSize(blockShapes[i]!))),
    ZERO,
  )
  const code = (numeric: DspNumeric): DspDesignCode => dspDesignCode(design, meta, { numeric })
  const fixed = code('fixed')
  const float = code('float')
  return {
    work,
    inputCount: fixed.inputCount,
    outputCount: fixed.outputCount,
    memory: {
      fixed: { workBytes: fixed.workBytes, tableBytes: fixed.tableBytes },
      float: { workBytes: float.workBytes, tableBytes: float.tableBytes },
    },
    blocks: design.blocks.map((b) => b.block),
    samplesPerSecond: meta.kind === 'image' ? 0 : meta.axes * meta.rateHz,
  }
}
