import type { DspDesignCode, DspNumeric } from '../../../core/codegen/c/dsp-params'
import type { ModelCodeInput } from '../../../core/codegen/c/generate'
import type { FeatureDesign, SampleMeta } from '../../../core/dsp'

/**
 * What the Mote inference firmware is built from besides its sources (docs/firmware.md, "The generated
 * app"): the model's generated code and graph, the feature design the board runs on raw windows, and the
 * board's live input.
 */
export interface FirmwareAppInput {
  /** The catalog id the firmware reports in Hello and Identity. */
  readonly boardId: string
  /** The variant: its graph and Huffman-coded weights (the firmware generates its code, arena in mote_scratch). */
  readonly model: ModelCodeInput
  /** Absent: the firmware runs the model on supplied features only. */
  readonly features?: FirmwareFeatures
  readonly live: LiveSource
}

export interface FirmwareFeatures {
  readonly design: FeatureDesign
  readonly meta: SampleMeta
  readonly numeric: DspNumeric
  /** The fixed build's real value of one input count (docs/dsp.md); ignored by the float build. */
  readonly inputLsb: number
  readonly code: DspDesignCode
}

/**
 * The board's live input. `analog`: the ADC pins A0… in axis order, each read as
 * `value = (millivolts − zeroMillivolts) / millivoltsPerUnit` in the dataset's units (an analog accelerometer:
 * its 0 g output and its sensitivity). `synthetic`: per axis `offset + amplitude · sin(2π · hz · t)`,
 * computed on the board, for boards without a wired sensor (the virtual Cortex-M boards).
 */
export type LiveSource =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'analog'
      readonly channels: readonly { readonly zeroMillivolts: number; readonly millivoltsPerUnit: number }[]
      /** The ADC's full scale (5000 mV on a 5 V Uno) over its 1024 counts. */
      readonly fullScaleMillivolts: number
    }
  | {
      readonly kind: 'synthetic'
      readonly axes: readonly { readonly offset: number; readonly amplitude: number; readonly hz: number }[]
    }

/** Codes of the Identity message (docs/protocol.md). */
export const DTYPE_CODE = { int8: 1, float32: 2 } as const
export const DSP_CODE = { none: 0, fixed: 1, float: 2 } as const
export const SAMPLE_TYPE_CODE = { none: 0, int16: 1, float32: 2, uint8: 3 } as const
export const LIVE_CODE = { none: 0, analog: 1, synthetic: 2 } as const
