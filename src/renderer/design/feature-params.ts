import type { BlockId } from '../../core/dsp'

/** One editable parameter of a feature block, as the Design view's form shows it. */
export interface ParamField {
  readonly key: string
  readonly kind: 'number' | 'select' | 'switch'
  /** Select choices: strings are translated (views.design.options.<value>), numbers shown as they are. */
  readonly options?: readonly (string | number)[]
  readonly step?: number
  readonly min?: number
  readonly max?: number
}

const powersOfTwo = (from: number, to: number) => {
  const out: number[] = []
  for (let n = from; n <= to; n *= 2) out.push(n)
  return out
}

const frames: readonly ParamField[] = [
  { key: 'frameLengthS', kind: 'number', step: 0.005, min: 0.005, max: 1 },
  { key: 'frameStrideS', kind: 'number', step: 0.005, min: 0.005, max: 1 },
  { key: 'fftLength', kind: 'select', options: powersOfTwo(64, 4096) },
  { key: 'numFilters', kind: 'number', step: 1, min: 2, max: 256 },
  { key: 'lowHz', kind: 'number', step: 10, min: 0 },
  { key: 'highHz', kind: 'number', step: 100, min: 0 },
  { key: 'preEmphasis', kind: 'number', step: 0.01, min: 0, max: 1 },
  { key: 'window', kind: 'select', options: ['hann', 'hamming', 'rectangular'] },
]

/** The parameters each block exposes (the rest keep their defaults; docs/dsp.md lists them all). */
export const BLOCK_FIELDS: Readonly<Record<BlockId, readonly ParamField[]>> = {
  raw: [{ key: 'scale', kind: 'number', step: 0.1 }],
  spectral: [
    { key: 'scale', kind: 'number', step: 0.1 },
    { key: 'filterType', kind: 'select', options: ['none', 'lowpass', 'highpass'] },
    { key: 'filterCutoffHz', kind: 'number', step: 0.5, min: 0.1 },
    { key: 'filterOrder', kind: 'number', step: 1, min: 1, max: 8 },
    { key: 'fftLength', kind: 'select', options: powersOfTwo(8, 4096) },
    { key: 'peaksCount', kind: 'number', step: 1, min: 0, max: 16 },
    { key: 'logPower', kind: 'switch' },
  ],
  mfe: [
    ...frames,
    { key: 'noiseFloorDb', kind: 'number', step: 1, min: -200, max: -1 },
    { key: 'normalize', kind: 'switch' },
  ],
  mfcc: [
    ...frames,
    { key: 'numCoefficients', kind: 'number', step: 1, min: 1, max: 128 },
    { key: 'lifter', kind: 'number', step: 1, min: 0, max: 1000 },
  ],
  'kws-mfcc': [{ key: 'quantize', kind: 'switch' }],
  image: [
    { key: 'width', kind: 'number', step: 8, min: 1, max: 1024 },
    { key: 'height', kind: 'number', step: 8, min: 1, max: 1024 },
    { key: 'resizeMode', kind: 'select', options: ['squash', 'crop', 'fit'] },
    { key: 'colorMode', kind: 'select', options: ['rgb', 'grayscale'] },
    { key: 'normalize', kind: 'select', options: ['zeroToOne', 'minusOneToOne'] },
  ],
}

/** Blocks that fit an input kind: images take the image block, everything else the series blocks. */
export function blocksFor(kind: 'timeseries' | 'audio' | 'image'): BlockId[] {
  if (kind === 'image') return ['image']
  return kind === 'audio'
    ? ['mfe', 'mfcc', 'kws-mfcc', 'spectral', 'raw']
    : ['spectral', 'raw', 'mfe', 'mfcc']
}
