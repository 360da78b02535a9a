import type { BlockConfig, FeatureDesign, InputShape, SampleMeta } from '../../dsp'
import { dspFailure, featureBlock, shapeSize, windowInputShape } from '../../dsp'
import { audioBlockCode } from './dsp-audio-params'
import type { CTable } from './dsp-c-text'
import { cInitializer, type CField } from './dsp-c-text'
import { imageBlockCode } from './dsp-image-params'
import { rawBlockCode, spectralBlockCode } from './dsp-series-params'

/**
 * What code generation needs to run one feature block on a board (resources/firmware/dsp, docs/dsp.md
 * "The C port"): the block's constants as C data — window, twiddle, mel, DCT and filter tables precomputed
 * here and emitted as const arrays, plus the parameter struct that points at them — and the memory the
 * block needs: its work buffer (RAM, caller-provided) and its tables (flash). Pure: the same config gives
 * the same bytes.
 */

/** Float build for cores with an FPU; fixed (integer-only, Q15 tables, Q16.16 features) for the rest. */
export type DspNumeric = 'float' | 'fixed'

export interface DspTarget {
  readonly numeric: DspNumeric
  /**
   * The real value of one input count in the fixed build, whose samples are int16 sensor counts: 1/32768
   * for audio stored in −1…1, the accelerometer's m/s² per LSB for motion. Ignored by the float build and
   * by the image block (pixels are bytes).
   */
  readonly inputLsb?: number
}

/** One block's generated C and its memory. */
export interface DspBlockCode {
  readonly block: BlockConfig['block']
  /** The parameter struct's C name (pass its address to `mote_dsp_<block>_compute`). */
  readonly symbol: string
  /** The C type of the struct, e.g. `mote_dsp_spectral_params_t`. */
  readonly structType: string
  /** Definitions: the tables (static) and the struct. */
  readonly source: string
  /** `extern const … symbol;` for a header. */
  readonly declaration: string
  /** Caller-provided work buffer bytes (what `mote_dsp_<block>_work_bytes` returns). */
  readonly workBytes: number
  /** Flash bytes of the block's tables (the struct itself adds a few dozen bytes). */
  readonly tableBytes: number
  /** Input values per window (samples, or pixel bytes for images) and features out. */
  readonly inputCount: number
  readonly outputCount: number
}

/** What each block's builder returns; dspBlockCode adds the names and text around it. */
export interface BlockParts {
  readonly structType: string
  readonly tables: readonly CTable[]
  readonly fields: { readonly [field: string]: CField }
  readonly workBytes: number
  readonly inputCount: number
}

export const defaultInputLsb = { audio: 1 / 32768, series: 1 / 1024 } as const

/** Work-buffer pieces are aligned to 4 bytes (MOTE_DSP_ALIGN). */
export function align4(bytes: number): number {
  return Math.ceil(bytes / 4) * 4
}

function partsFor(config: BlockConfig, input: InputShape, target: DspTarget, prefix: string): BlockParts {
  switch (config.block) {
    case 'raw':
      return rawBlockCode(config.params, input, target, prefix)
    case 'spectral':
      return spectralBlockCode(config.params, input, target, prefix)
    case 'mfe':
    case 'mfcc':
      return audioBlockCode(config, input, target, prefix)
    case 'image':
      return imageBlockCode(config.params, input, target)
    case 'kws-mfcc':
      // The MLPerf front end (docs/dsp.md) has no C version yet: say so instead of generating wrong code.
      throw dspFailure(
        'IncompatibleParams',
        'The keyword-spotting (MLPerf) front end does not run on the board yet: only the studio computes it. Use MFE or MFCC for a design to deploy with its features.',
      )
  }
}

/** What the C structs can hold: 16-bit counts and sizes, and a Q16.16 sample rate in the fixed build. */
function checkCLimits(config: BlockConfig, input: InputShape, target: DspTarget): void {
  const length = input.kind === 'image' ? Math.max(input.width, input.height) : input.frames
  if (length > 65535)
    throw dspFailure(
      'IncompatibleParams',
      `The board's feature code handles windows of at most 65535 samples (and images of at most 65535 pixels a side); this one has ${length}. Shorten the window.`,
    )
  if (
    config.block === 'spectral' &&
    target.numeric === 'fixed' &&
    input.kind === 'series' &&
    input.rateHz >= 32768
  )
    throw dspFailure(
      'IncompatibleParams',
      `Spectral analysis on a board without an FPU handles rates below 32768 Hz; this input is ${input.rateHz} Hz. Use MFE or MFCC for audio.`,
    )
}

/**
 * The C data and memory of `config` applied to windows of `input`, for `target`. `prefix` namespaces the
 * generated symbols (a C identifier). Fails like the TypeScript block when the parameters do not fit the
 * input (MoteFailure 11xxx).
 */
export function dspBlockCode(
  config: BlockConfig,
  input: InputShape,
  target: DspTarget,
  prefix: string,
): DspBlockCode {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) throw new Error(`"${prefix}" is not a C identifier`)
  const outputShape = featureBlock(config.block).describeOutput(config.params as never, input)
  checkCLimits(config, input, target)
  const parts = partsFor(config, input, target, prefix)
  const definition = `const ${parts.structType} ${prefix} MOTE_DSP_CONST = ${cInitializer(parts.fields)};`
  return {
    block: config.block,
    symbol: prefix,
    structType: parts.structType,
    source: [...parts.tables.map((t) => t.definition), definition].join('\n\n') + '\n',
    declaration: `extern const ${parts.structType} ${prefix};`,
    workBytes: parts.workBytes,
    tableBytes: parts.tables.reduce((n, t) => n + t.bytes, 0),
    inputCount: parts.inputCount,
    outputCount: shapeSize(outputShape),
  }
}

/** A whole feature design on a board: its blocks in order, which run one after another. */
export interface DspDesignCode {
  readonly blocks: readonly DspBlockCode[]
  /** The largest block's work buffer: the blocks run in turn and share one buffer. */
  readonly workBytes: number
  readonly tableBytes: number
  /** Input values per window and features out (the blocks' outputs concatenated, as in the TypeScript). */
  readonly inputCount: number
  readonly outputCount: number
}

/** dspBlockCode for every block of a design, the symbols `<prefix>_<index>`, and the design's memory. */
export function dspDesignCode(
  design: FeatureDesign,
  meta: SampleMeta,
  target: DspTarget,
  prefix = 'mote_features',
): DspDesignCode {
  const input = windowInputShape(meta, design)
  const blocks = design.blocks.map((b, i) => dspBlockCode(b, input, target, `${prefix}_${i}`))
  return {
    blocks,
    workBytes: Math.max(...blocks.map((b) => b.workBytes)),
    tableBytes: blocks.reduce((n, b) => n + b.tableBytes, 0),
    inputCount: blocks[0]!.inputCount,
    outputCount: blocks.reduce((n, b) => n + b.outputCount, 0),
  }
}
