import type { KernelClass, DspNumeric } from './cost-model'
import type { Board } from './types'

/**
 * Code and fixed RAM beside the model's weights and arena, per toolchain family (docs/estimate.md "Memory"):
 * the firmware around the pipeline (start-up, UART, the Mote protocol, sampling, C libraries), the runtime's
 * kernels a model calls, and the feature blocks' code. The AVR and Arm figures are read from linker maps of
 * the Mote inference firmware built by the deploy step's own function (`npm run bench estimate-firmware`:
 * the virtual Uno with avr-gcc -Os, the virtual M4 and the Nucleo-L4R5ZI with arm-none-eabi-gcc -Os); the
 * MFE and MFCC blocks' code and the ESP32's whole base are not measured yet (marked).
 */

export interface CodeSizes {
  /** The firmware without model and features. */
  readonly firmwareFlash: number
  readonly firmwareRam: number
  /** Statics the live-input path adds when the board runs the features (sampler state, glue), per DSP build. */
  readonly dspRam: Readonly<Record<DspNumeric, number>>
  /**
   * The link's receive buffer and replies: they share one scratch buffer with the model's arena, and the DSP's
   * work buffer takes the whole of it while a window is processed (resources/firmware/inference/core/mote_core.h).
   */
  readonly linkBytes: number
  /** The deepest call chain's stack (runtime and DSP), on top of the firmware's own. */
  readonly stackBytes: number
  /** The runtime's shared int8 code (fixed-point arithmetic, checks) and each kernel class's own. */
  readonly runtimeCommon: number
  /** Code the window kernels share (the stream walker over output pixels, their checks), once if any is called. */
  readonly windowCommon: number
  readonly perKernel: Readonly<Record<KernelClass, number>>
  /** Soft-float or libm routines a float model pulls in. */
  readonly floatSupport: number
  /** Generated code per op call (params struct and call). */
  readonly perOpCall: number
  readonly dspCommon: Readonly<Record<DspNumeric, number>>
  readonly perDspBlock: Readonly<Record<string, number>>
}

// Measured (bench/estimate-firmware.ts, 01:40 run, avr-gcc 5.4 -Os): the firmware without features is 5.3 KB
// (libgcc 546 B); the features add 3.3 KB of glue, live sampling and libgcc beside the DSP objects. Static RAM
// without the shared scratch, window and features: 202 B, 229 B with the live input. Stack: the gestures
// design's high-water mark on the virtual Uno (docs/firmware.md). Kernels: the objects each class links
// (conv1x1, convPatch, depthwise split from two builds); add and the element-wise kernels not measured.
const AVR: CodeSizes = {
  firmwareFlash: 5300,
  firmwareRam: 202,
  dspRam: { fixed: 27, float: 27 },
  linkBytes: 160,
  stackBytes: 366,
  runtimeCommon: 3166,
  windowCommon: 3500,
  perKernel: {
    conv1x1: 1230,
    convPatch: 2626,
    depthwise: 3400,
    fullyConnected: 492,
    pool: 1300,
    add: 900,
    softmax: 846,
    elementwise: 300,
  },
  floatSupport: 3500,
  perOpCall: 60,
  dspCommon: { fixed: 8465, float: 12000 },
  perDspBlock: { raw: 400, spectral: 7094, mfe: 4200, mfcc: 5200, image: 1500 },
}

// Measured likewise with arm-none-eabi-gcc 12.2 -Os, newlib-nano: the firmware without features is 4.0 KB on
// the virtual M4 and the Nucleo; the features bring libm and libgcc's soft-float routines (9.8 KB beside the
// DSP objects with the fixed build, 10.7 KB with the float one). Static RAM 320 B; the live input adds 44 B
// (fixed) or 145 B (float). Stack: 1 KB assumed (every Arm board here has 16 KB of RAM or more).
const ARM: CodeSizes = {
  firmwareFlash: 4000,
  firmwareRam: 320,
  dspRam: { fixed: 44, float: 145 },
  linkBytes: 251,
  stackBytes: 1024,
  runtimeCommon: 1134,
  windowCommon: 1180,
  perKernel: {
    conv1x1: 370,
    convPatch: 654,
    depthwise: 816,
    fullyConnected: 126,
    pool: 330,
    add: 300,
    softmax: 318,
    elementwise: 120,
  },
  floatSupport: 2500,
  perOpCall: 40,
  dspCommon: { fixed: 11808, float: 10674 },
  perDspBlock: { raw: 200, spectral: 2236, mfe: 1700, mfcc: 2100, image: 600 },
}

const ESP32: CodeSizes = {
  ...ARM,
  // An ESP-IDF application with UART and no Wi-Fi (assumed, docs/estimate.md).
  firmwareFlash: 150 * 1024,
  firmwareRam: 30 * 1024,
  stackBytes: 2048,
}

export function codeSizesOf(board: Board): CodeSizes {
  switch (board.toolchain.family) {
    case 'avr':
      return AVR
    case 'esp32':
      return ESP32
    default:
      return ARM
  }
}
