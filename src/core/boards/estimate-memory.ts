import { codeSizesOf } from './code-size'
import type { DspNumeric, KernelClass } from './cost-model'
import type { DspWorkload } from './estimate-dsp'
import type { ModelWorkload } from './estimate-model'
import type { Board } from './types'

/**
 * Flash and RAM of the whole firmware on a board, by part, against the board's limits (docs/estimate.md
 * "Memory"). Flash: firmware + runtime kernels called + generated op calls + weights and requantization
 * constants + DSP code and tables. RAM: firmware + one scratch buffer + the window being filled (int16
 * samples in the fixed build, float in the float one) + the features + stack. The scratch holds the model's
 * arena and the link's buffer, or the DSP's work buffer while a window is processed (the inference
 * firmware's mote_scratch), so it is the larger of the two: its parts are the arena, the link buffer and
 * what the DSP's work buffer needs beyond both.
 */

export interface MemoryUse {
  readonly usedBytes: number
  readonly limitBytes: number
  readonly parts: Readonly<Record<string, number>>
}

export interface MemoryEstimate {
  readonly flash: MemoryUse
  readonly ram: MemoryUse
}

const WINDOW_KERNELS: ReadonlySet<KernelClass> = new Set(['conv1x1', 'convPatch', 'depthwise', 'pool'])

const sum = (parts: Record<string, number>) => Object.values(parts).reduce((a, b) => a + b, 0)

function runtimeBytes(board: Board, model: ModelWorkload): number {
  const sizes = codeSizesOf(board)
  let bytes = model.kernels.size > 0 ? sizes.runtimeCommon : 0
  let float = false
  let window = false
  for (const key of model.kernels) {
    const [kernel, precision] = key.split(':') as [KernelClass, string]
    bytes += sizes.perKernel[kernel]
    if (precision === 'float32') float = true
    if (WINDOW_KERNELS.has(kernel)) window = true
  }
  if (window) bytes += sizes.windowCommon
  const calls = model.ops.filter((o) => o.kernelClass !== 'alias').length
  return bytes + (float ? sizes.floatSupport : 0) + calls * sizes.perOpCall
}

function dspCodeBytes(board: Board, dsp: DspWorkload, numeric: DspNumeric): number {
  const sizes = codeSizesOf(board)
  const blocks = new Set(dsp.blocks)
  let bytes = sizes.dspCommon[numeric]
  for (const block of blocks) bytes += sizes.perDspBlock[block] ?? 0
  return bytes + dsp.memory[numeric].tableBytes
}

export function estimateMemory(
  board: Board,
  numeric: DspNumeric,
  model: ModelWorkload | undefined,
  dsp: DspWorkload | undefined,
): MemoryEstimate {
  const sizes = codeSizesOf(board)
  const flashParts = {
    firmware: sizes.firmwareFlash,
    runtime: model ? runtimeBytes(board, model) : 0,
    weights: model ? model.weightBytes + model.quantBytes : 0,
    features: dsp ? dspCodeBytes(board, dsp, numeric) : 0,
  }
  const sampleBytes = numeric === 'fixed' ? 2 : 4
  const arena = model?.arenaBytes ?? 0
  const ramParts = {
    firmware: sizes.firmwareRam + (dsp ? sizes.dspRam[numeric] : 0),
    arena,
    link: sizes.linkBytes,
    dspWork: Math.max(0, (dsp?.memory[numeric].workBytes ?? 0) - arena - sizes.linkBytes),
    window: dsp ? dsp.inputCount * (dsp.samplesPerSecond === 0 ? 1 : sampleBytes) : 0,
    features: dsp ? dsp.outputCount * 4 : 0,
    stack: sizes.stackBytes,
  }
  return {
    flash: {
      usedBytes: sum(flashParts),
      limitBytes: board.flashBytes - (board.bootloaderBytes ?? 0),
      parts: flashParts,
    },
    ram: { usedBytes: sum(ramParts), limitBytes: board.sramBytes, parts: ramParts },
  }
}
