import { describe, expect, it } from 'vitest'
import { cFloat, cTable } from '../../../../src/core/codegen/c/dsp-c-text'
import { fixedConst, fixedMultiplier, quarterCosines, toQ } from '../../../../src/core/codegen/c/dsp-fixed'
import { dspBlockCode, dspDesignCode } from '../../../../src/core/codegen/c/dsp-params'
import { bandBins } from '../../../../src/core/codegen/c/dsp-series-params'
import { DspErrorCode } from '../../../../src/shared/api/design'
import {
  bandPowers,
  parseBlockParams,
  parseFeatureDesign,
  windowTable,
  type BlockConfig,
} from '../../../../src/core/dsp'
import { createRng } from '../../../../src/core/train/random'

const gestures: BlockConfig = {
  block: 'spectral',
  params: parseBlockParams('spectral', { logPower: true, bandEdgesHz: [0.5, 1, 2, 4, 8, 16] }),
}
const gestureInput = { kind: 'series', frames: 125, axes: 3, rateHz: 62.5 } as const
const keywords: BlockConfig = {
  block: 'mfe',
  params: parseBlockParams('mfe', { frameLengthS: 0.02, frameStrideS: 0.02, fftLength: 512, numFilters: 40 }),
}
const audio = { kind: 'series', frames: 16000, axes: 1, rateHz: 16000 } as const

describe('the DSP blocks’ generated C parameters', () => {
  it('prints every float32 so that C reads back the identical value', () => {
    const rng = createRng(3)
    for (let i = 0; i < 2000; i++) {
      const v = Math.fround((rng.next() - 0.5) * Math.pow(10, rng.int(-12, 12)))
      expect(Math.fround(Number.parseFloat(cFloat(v)))).toBe(v)
    }
    expect(cTable('t', 'int32_t', [-2147483648]).definition).toContain('(-2147483647 - 1)')
  })

  it('emits the TypeScript’s own window table, value for value', () => {
    const code = dspBlockCode(gestures, gestureInput, { numeric: 'float' }, 'g')
    const emitted = /g_window\[125\] MOTE_DSP_CONST = \{([^}]*)\}/.exec(code.source)![1]!
    const values = emitted
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => Number.parseFloat(s))
    expect(Float32Array.from(values)).toEqual(windowTable('hann', 125))
  })

  it('rounds fixed-point constants once, to 31 significant bits', () => {
    const rng = createRng(4)
    for (let i = 0; i < 1000; i++) {
      const v = Math.pow(2, rng.uniform(-60, 40))
      const c = fixedConst(v)
      expect(c.mantissa).toBeGreaterThanOrEqual(2 ** 31)
      expect(c.mantissa).toBeLessThan(2 ** 32)
      expect(Math.abs(c.mantissa * 2 ** c.exponent - v) / v).toBeLessThan(2 ** -31)
      const m = fixedMultiplier(rng.next() < 0.5 ? -v : v)
      if (v > 2 ** -20 && v < 2 ** 20)
        expect(Math.abs(Math.abs(m.mantissa) / 2 ** m.shift - v) / v).toBeLessThan(2 ** -29)
    }
    expect(fixedConst(0)).toEqual({ mantissa: 0, exponent: 0 })
    expect(toQ(1, 15)).toBe(32767)
    expect(Array.from(quarterCosines(8), (c) => toQ(c, 15))).toEqual([32767, 23170, 0])
  })

  it('puts each FFT bin in the band that the TypeScript sums it into', () => {
    const edges = [0.5, 1, 2, 4, 8, 16]
    const bins = bandBins(edges, 62.5, 128)
    for (let k = 0; k <= 64; k++) {
      const psd = new Float64Array(65)
      psd[k] = 1
      const bands = bandPowers(psd, 62.5 / 128, edges)
      bands.forEach((b, i) =>
        expect(b === 1, `bin ${k} band ${i}`).toBe(k >= bins[2 * i]! && k < bins[2 * i + 1]!),
      )
    }
  })

  it('sizes the gestures design’s work buffer on AVR at 512 bytes, the keywords design’s at 1 KB (fixed) and 2 KB (float)', () => {
    expect(dspBlockCode(gestures, gestureInput, { numeric: 'fixed' }, 'g').workBytes).toBe(512)
    expect(dspBlockCode(gestures, gestureInput, { numeric: 'float' }, 'g').workBytes).toBe(1012)
    expect(dspBlockCode(keywords, audio, { numeric: 'fixed' }, 'k').workBytes).toBe(1024)
    expect(dspBlockCode(keywords, audio, { numeric: 'float' }, 'k').workBytes).toBe(2048)
    const k = dspBlockCode(keywords, audio, { numeric: 'fixed' }, 'k')
    // Q15 window (320) and twiddles (129), 3 uint16 per filter, one Q15 weight per (filter, bin) pair
    expect(k.tableBytes).toBe(
      2 * 320 + 2 * 129 + 6 * 40 + 2 * (k.source.match(/k_mel_weights\[(\d+)\]/)![1]! as unknown as number),
    )
    expect([k.inputCount, k.outputCount]).toEqual([16000, 50 * 40])
  })

  it('sizes a design of two blocks: one shared work buffer (the larger), tables and features added up', () => {
    const design = parseFeatureDesign({
      window: { lengthMs: 2000, strideMs: 500 },
      blocks: [
        { block: 'raw', params: {} },
        { block: 'spectral', params: gestures.params },
      ],
    })
    const code = dspDesignCode(design, { axes: 3, rateHz: 62.5 }, { numeric: 'fixed' })
    expect(code.blocks.map((b) => b.symbol)).toEqual(['mote_features_0', 'mote_features_1'])
    expect(code.workBytes).toBe(512)
    expect(code.tableBytes).toBe(code.blocks[0]!.tableBytes + 340)
    expect([code.inputCount, code.outputCount]).toEqual([375, 375 + 42])
  })

  it('generates the same bytes for the same block, and different ones for another build', () => {
    const a = dspBlockCode(keywords, audio, { numeric: 'fixed' }, 'k')
    expect(dspBlockCode(keywords, audio, { numeric: 'fixed' }, 'k').source).toBe(a.source)
    expect(dspBlockCode(keywords, audio, { numeric: 'float' }, 'k').source).not.toBe(a.source)
    expect(a.declaration).toBe('extern const mote_dsp_mfe_params_t k;')
  })

  it('fails like the TypeScript block when the parameters cannot work with the input', () => {
    const tooHigh: BlockConfig = {
      block: 'spectral',
      params: parseBlockParams('spectral', { filterType: 'lowpass', filterCutoffHz: 40 }),
    }
    expect(() => dspBlockCode(tooHigh, gestureInput, { numeric: 'fixed' }, 'g')).toThrow(
      expect.objectContaining({ code: DspErrorCode.IncompatibleParams }),
    )
    expect(() => dspBlockCode(gestures, gestureInput, { numeric: 'fixed' }, '2bad')).toThrow(/C identifier/)
    const long = { kind: 'series', frames: 70000, axes: 1, rateHz: 16000 } as const
    expect(() => dspBlockCode(keywords, long, { numeric: 'float' }, 'k')).toThrow(/at most 65535 samples/)
  })
})
