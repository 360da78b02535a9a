/**
 * Feature blocks timed on the simulated ATmega328P for the DSP coefficients: the C port's own test cases
 * that fit the Uno's 2 KB (raw and spectral on gesture-sized windows) and small MFE and MFCC designs (a 2 kHz
 * microphone, 250 ms), each with its work as the estimator counts it (estimate-dsp.ts).
 */
import { dspBlockCode } from '../../src/core/codegen/c/dsp-params'
import { featureBlock, shapeSize, type BlockConfig, type InputShape } from '../../src/core/dsp'
import { dspBlockWork } from '../../src/core/boards/estimate-dsp'
import type { DspWork } from '../../src/core/boards/cost-model'
import { createRng } from '../../src/core/train/random'
import { blockCases } from '../../test/core/codegen/c-dsp/block-cases'
import { runOnAvr } from '../../test/core/codegen/c-dsp/avr'

export interface DspTiming {
  readonly name: string
  readonly work: DspWork
  readonly cycles: number
}

function audioCase(block: 'mfe' | 'mfcc', params: Record<string, unknown>) {
  const config = { block, params: featureBlock(block).schema.parse(params) } as BlockConfig
  const input: InputShape = { kind: 'series', frames: 400, axes: 1, rateHz: 2000 }
  const rng = createRng(block === 'mfe' ? 5 : 6)
  const window = Array.from({ length: 400 }, (_, i) =>
    Math.round(8000 * Math.sin(i / 3) + rng.int(-500, 500)),
  )
  return {
    name: `${block} 200 ms at 2 kHz, ${String(params.fftLength)}-point FFT`,
    config,
    input,
    lsb: 1 / 32768,
    window,
  }
}

const FROM_TESTS = [
  'raw, offsets and scales',
  'spectral, the gestures design',
  'spectral, linear powers, 3 Welch segments',
  'spectral, low-pass 5 Hz order 4',
  'spectral, high-pass 0.5 Hz order 3',
]

export function avrDspTimings(): DspTiming[] {
  const cases = blockCases()
    .filter((c) => FROM_TESTS.includes(c.name))
    .map((c) => ({ name: c.name, config: c.config, input: c.input, lsb: c.lsb, window: c.windows[0]! }))
  cases.push(
    audioCase('mfe', { frameLengthS: 0.032, frameStrideS: 0.032, fftLength: 64, numFilters: 16 }),
    audioCase('mfe', { frameLengthS: 0.016, frameStrideS: 0.016, fftLength: 32, numFilters: 8 }),
    audioCase('mfcc', {
      frameLengthS: 0.032,
      frameStrideS: 0.016,
      fftLength: 64,
      numFilters: 16,
      numCoefficients: 8,
    }),
  )
  return cases.flatMap((c) => {
    const code = dspBlockCode(c.config, c.input, { numeric: 'fixed', inputLsb: c.lsb }, 'avr')
    const outputs = shapeSize(featureBlock(c.config.block).describeOutput(c.config.params as never, c.input))
    try {
      return [
        {
          name: c.name,
          work: dspBlockWork(c.config, c.input, outputs),
          cycles: runOnAvr(code, c.window).cycles,
        },
      ]
    } catch {
      // The window and the work buffer do not fit the 328P's 2 KB: the linker refuses the program.
      console.log(`(${c.name}: does not fit the ATmega328P's RAM, not timed)`)
      return []
    }
  })
}
