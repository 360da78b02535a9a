import type { KernelClass, DspNumeric } from './cost-model'
import type { Board } from './types'

/**
 * Code and fixed RAM beside the model's weights and arena, per toolchain family (docs/estimate.md "Memory"):
 * the firmware around the pipeline (start-up, UART, the Mote protocol, sampling), the runtime's kernels a
 * model calls, and the feature blocks' code. AVR figures are measured with avr-gcc -Os (the capture
 * firmware, the runtime's and DSP's objects); Arm and ESP32 figures are scaled from the Arm builds that
 * docs/codegen.md and docs/dsp.md report, or assumed where no firmware of ours exists yet (marked).
 */

export interface CodeSizes {
  /** The firmware without model and features. */
  readonly firmwareFlash: number
  readonly firmwareRam: number
  /** The deepest call chain's stack (runtime and DSP), on top of the firmware's own. */
  readonly stackBytes: number
  /** The runtime's shared int8 code (fixed-point arithmetic, checks) and each kernel class's own. */
  readonly runtimeCommon: number
  readonly perKernel: Readonly<Record<KernelClass, number>>
  /** Soft-float or libm routines a float model pulls in. */
  readonly floatSupport: number
  /** Generated code per op call (params struct and call). */
  readonly perOpCall: number
  readonly dspCommon: Readonly<Record<DspNumeric, number>>
  readonly perDspBlock: Readonly<Record<string, number>>
}

const AVR: CodeSizes = {
  // capture-uno built with avr-gcc 5.4 -Os: text 3832 B; of its RAM, .data (160 B) and the 256-B transmit
  // ring stay; its sample rings (762 B) and ADC buffers give way to the feature window, counted apart.
  firmwareFlash: 3832,
  firmwareRam: 416,
  stackBytes: 256,
  runtimeCommon: 2600,
  perKernel: {
    conv1x1: 1300,
    convPatch: 1700,
    depthwise: 1700,
    fullyConnected: 1000,
    pool: 900,
    add: 900,
    softmax: 1600,
    elementwise: 300,
  },
  floatSupport: 3500,
  perOpCall: 60,
  dspCommon: { fixed: 2600, float: 6000 },
  perDspBlock: { raw: 400, spectral: 8000, mfe: 4200, mfcc: 5200, image: 1500 },
}

const ARM: CodeSizes = {
  firmwareFlash: 4096,
  firmwareRam: 1024,
  stackBytes: 1024,
  runtimeCommon: 800,
  perKernel: {
    conv1x1: 420,
    convPatch: 560,
    depthwise: 560,
    fullyConnected: 320,
    pool: 300,
    add: 300,
    softmax: 520,
    elementwise: 120,
  },
  floatSupport: 2500,
  perOpCall: 40,
  dspCommon: { fixed: 1100, float: 1500 },
  perDspBlock: { raw: 200, spectral: 3200, mfe: 1700, mfcc: 2100, image: 600 },
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
