/**
 * TensorFlow Lite Micro's figures on a Cortex-M4 (QEMU mps2-an386, -icount shift=0, arm-none-eabi-gcc 12.2,
 * -O2) for the four MLPerf Tiny models, carried over from resources/models/mlperf-tiny/README.md ("TensorFlow
 * Lite Micro on a Cortex-M4"), with the output bytes TFLM gives for an all-zero input ("Reference outputs";
 * the first 16 bytes for AD). The bench compares against the CMSIS-NN build, the faster of the two.
 */
export interface TflmFigures {
  readonly name: string
  readonly file: string
  /** Whole image, CMSIS-NN build: text + rodata + data. */
  readonly flash: number
  /** arena_used_bytes(), CMSIS-NN kernels. */
  readonly arena: number
  readonly instructions: number
  readonly referenceInstructions: number
  readonly output: readonly number[]
}

export const TFLM: readonly TflmFigures[] = [
  {
    name: 'KWS DS-CNN',
    file: 'kws_ref_model.tflite',
    flash: 107_452,
    arena: 22_820,
    instructions: 7_697_160,
    referenceInstructions: 43_021_920,
    output: [-1, -128, -128, -128, -128, -1, -128, -128, -128, -128, -128, -127],
  },
  {
    name: 'VWW MobileNetV1-0.25',
    file: 'vww_96_int8.tflite',
    flash: 386_804,
    arena: 100_708,
    instructions: 24_101_560,
    referenceInstructions: 100_176_840,
    output: [116, -116],
  },
  {
    name: 'IC ResNet-8',
    file: 'pretrainedResnet_quant.tflite',
    flash: 149_816,
    arena: 54_996,
    instructions: 29_858_760,
    referenceInstructions: 107_273_440,
    output: [-69, -128, 12, -125, -123, -124, -125, -128, -86, -128],
  },
  {
    name: 'AD autoencoder',
    file: 'ad01_int8.tflite',
    flash: 305_868,
    arena: 2_580,
    instructions: 582_840,
    referenceInstructions: 1_952_160,
    output: [-55, -6, 21, 42, 39, 41, 42, 56, 42, 44, 45, 43, 31, 31, 29, 35],
  },
]

/** The goals on KWS DS-CNN, absolute (README figures × the ratios). */
export const KWS_GOALS = { flash: 43_000, ram: 10_200, instructions: 6_200_000 } as const
